import { defineRule } from '../src/engine/rule.js';
import { isInboundFilterChain, matchesEveryPacket } from '../src/firewall/match.js';
import { ruleLabel, rulesOf } from '../src/firewall/objects.js';

export default defineRule({
  id: 'fw-accept-everything',
  domain: 'firewall',
  description: 'Reports accept rules in input or forward chains that match every packet',
  severity: 'warning',
  profile: 'recommended',
  messages: {
    acceptAll: {
      message: 'rule `{{rule}}` accepts every packet in the {{hook}} chain `{{chain}}`{{consequence}}',
      fix: 'Narrow the rule by source, destination, protocol and port, or by `inInterface` or `state`.',
      nativeFix: {
        iptables:
          'Narrow the rule on line {{findingLine}} with `-s`, `-d`, `-p` and `--dport`, or with `-i` or `-m conntrack --ctstate`.',
        nft:
          'Narrow the rule on line {{findingLine}} with `ip saddr`, `ip daddr` and `tcp dport` or `udp dport`, or with `iifname` or `ct state`.',
      },
    },
  },
  check({ data, report }) {
    for (const at of rulesOf(data)) {
      const chain = data.chains[at.chain];
      if (chain === undefined || !isInboundFilterChain(chain)) continue;
      if (at.rule.action !== 'accept' || !matchesEveryPacket(data, at.rule)) continue;
      report({
        messageId: 'acceptAll',
        path: at.path,
        data: {
          rule: ruleLabel(at),
          chain: at.chain,
          hook: chain.hook,
          // The last rule of a chain leaves no rule unrun, but it still makes the policy unused.
          consequence: at.index < (chain.rules?.length ?? 0) - 1 ? ', so the rules after it never run' : ', so the chain filters nothing',
        },
      });
    }
  },
});
