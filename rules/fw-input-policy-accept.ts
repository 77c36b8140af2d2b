import { defineRule } from '../src/engine/rule.js';
import { isInboundFilterChain, matchesEveryPacket } from '../src/firewall/match.js';
import type { Chain, FirewallPolicy } from '../src/types/firewall.js';

/**
 * Returns true when every packet that reaches the chain's policy has been dropped or rejected
 * before: a rule that matches every packet drops or rejects it, directly or in a user chain
 * it jumps to. Such a rule acts as the policy, as in iptables setups that keep INPUT at
 * ACCEPT and end a jumped-to chain with `-j DROP`.
 */
function dropsEveryPacket(
  policy: FirewallPolicy,
  chain: Chain,
  seen: Set<string> = new Set(),
): boolean {
  for (const rule of chain.rules ?? []) {
    if (!matchesEveryPacket(policy, rule)) continue;
    if (rule.action === 'drop' || rule.action === 'reject') return true;
    if (rule.action === 'accept' || rule.action === 'return') return false;
    const target = rule.target === undefined ? undefined : policy.chains[rule.target];
    const isUserChain = target !== undefined && target.hook === undefined;
    if (
      (rule.action === 'jump' || rule.action === 'goto') &&
      isUserChain &&
      !seen.has(rule.target!)
    ) {
      seen.add(rule.target!);
      if (dropsEveryPacket(policy, target, seen)) return true;
    }
    // Packets that leave a `goto` chain without a verdict meet the calling chain's policy.
    if (rule.action === 'goto') return false;
  }
  return false;
}

/**
 * Returns the family of an nft chain key (`inet/filter/input` gives `inet`), or undefined for
 * other chain names, which the document's family covers.
 */
function nftFamily(name: string): string | undefined {
  return /^(ip|ip6|inet)\//.exec(name)?.[1];
}

/**
 * Returns true when another inbound base chain on the same hook, covering the chain's family,
 * drops or rejects every packet it does not accept and has no rule that accepts every packet.
 * nftables runs every base chain of a hook, and a packet passes only if each accepts it, so that
 * chain then decides which packets the hook lets in.
 */
function otherChainDropsRest(policy: FirewallPolicy, name: string, chain: Chain): boolean {
  const family = nftFamily(name);
  return Object.entries(policy.chains ?? {}).some(([otherName, other]) => {
    if (otherName === name || other.hook !== chain.hook || !isInboundFilterChain(other)) return false;
    const otherFamily = nftFamily(otherName);
    if (otherFamily !== undefined && otherFamily !== 'inet' && otherFamily !== family) return false;
    if ((other.rules ?? []).some((rule) => rule.action === 'accept' && matchesEveryPacket(policy, rule))) return false;
    return other.policy === 'drop' || other.policy === 'reject' || dropsEveryPacket(policy, other);
  });
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
      fix: 'Set `policy: drop` and add an explicit accept rule for {{allowed}}.',
      nativeFix: {
        iptables:
          'Change the chain line to `:{{chain}} DROP [0:0]` (`-P {{chain}} DROP` in `iptables -S` output) and add an `-A {{chain}} ... -j ACCEPT` rule for {{allowed}}.',
        nft:
          'Change `policy accept;` to `policy drop;` in chain `{{chain}}`, and add an `... accept` rule for {{allowed}}.',
      },
    },
    absent: {
      message: "{{hook}} chain `{{chain}}` has no policy, and netfilter's default policy is accept",
      fix: 'Set `policy: drop` and add an explicit accept rule for {{allowed}}.',
      nativeFix: {
        iptables:
          'Change the chain line to `:{{chain}} DROP [0:0]` (`-P {{chain}} DROP` in `iptables -S` output) and add an `-A {{chain}} ... -j ACCEPT` rule for {{allowed}}.',
        nft:
          'Add `policy drop;` to the `type filter hook` line of chain `{{chain}}`, and add an `... accept` rule for {{allowed}}.',
      },
    },
  },
  check({ data, report }) {
    for (const [name, chain] of Object.entries(data.chains ?? {})) {
      if (!isInboundFilterChain(chain) || chain.policy === 'drop' || chain.policy === 'reject')
        continue;
      if (dropsEveryPacket(data, chain) || otherChainDropsRest(data, name, chain)) continue;
      // A forward chain passes traffic between other hosts, not to services of this one.
      const allowed = chain.hook === 'forward' ? 'each flow the host should forward' : 'each service the host offers';
      const reportData = { chain: name, hook: chain.hook, allowed };
      if (chain.policy === 'accept') {
        report({ messageId: 'accept', path: ['chains', name, 'policy'], data: reportData });
      } else {
        report({ messageId: 'absent', path: ['chains', name], target: 'key', data: reportData });
      }
    }
  },
});
