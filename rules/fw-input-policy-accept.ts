import { defineRule } from '../src/engine/rule.js';
import { isInboundFilterChain, matchesEveryPacket } from '../src/firewall/match.js';
import type { Chain, FirewallPolicy } from '../src/types/firewall.js';

/** Returns true when the chain's last rule drops or rejects every packet, acting as its policy. */
function endsWithCatchAllDrop(policy: FirewallPolicy, chain: Chain): boolean {
  const last = chain.rules?.[chain.rules.length - 1];
  if (last === undefined) return false;
  return (last.action === 'drop' || last.action === 'reject') && matchesEveryPacket(policy, last);
}

export default defineRule({
  id: 'fw-input-policy-accept',
  domain: 'firewall',
  description: 'Reports input and forward chains whose default policy accepts packets',
  severity: 'warning',
  profile: 'recommended',
  messages: {
    accept: {
      message:
        '{{hook}} chain `{{chain}}` has policy accept, so every packet no rule drops is let in',
      fix: 'Set `policy: drop` and add an explicit accept rule for each service the host offers.',
    },
    absent: {
      message: "{{hook}} chain `{{chain}}` has no policy, and netfilter's default policy is accept",
      fix: 'Set `policy: drop` and add an explicit accept rule for each service the host offers.',
    },
  },
  check({ data, report }) {
    for (const [name, chain] of Object.entries(data.chains ?? {})) {
      if (!isInboundFilterChain(chain) || chain.policy === 'drop' || chain.policy === 'reject')
        continue;
      if (endsWithCatchAllDrop(data, chain)) continue;
      const reportData = { chain: name, hook: chain.hook };
      if (chain.policy === 'accept') {
        report({ messageId: 'accept', path: ['chains', name, 'policy'], data: reportData });
      } else {
        report({ messageId: 'absent', path: ['chains', name], target: 'key', data: reportData });
      }
    }
  },
});
