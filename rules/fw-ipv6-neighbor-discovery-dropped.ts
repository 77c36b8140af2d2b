import { defineRule } from '../src/engine/rule.js';
import { FALSE } from '../src/firewall/analysis/bdd.js';
import type { DecisionIndex } from '../src/firewall/analysis/decisions.js';
import { ADDRESS_MAX, IPV6_OFFSET, STATES, type Box, type FirewallModel } from '../src/firewall/analysis/model.js';
import { analysisOf } from '../src/firewall/analysis/report.js';
import type { PacketSpace } from '../src/firewall/analysis/space.js';

const UNTRACKED = BigInt(STATES.indexOf('untracked'));
const IPV6: [bigint, bigint][] = [[IPV6_OFFSET, ADDRESS_MAX]];

/**
 * Neighbor solicitations and advertisements (RFC 4861, ICMPv6 types 135 and 136). Linux
 * connection tracking leaves them untracked, so a rule for established or related packets does
 * not accept them.
 */
const NEIGHBOR_DISCOVERY = [
  { type: 135n, name: 'neighbor solicitations' },
  { type: 136n, name: 'neighbor advertisements' },
];

export default defineRule({
  id: 'fw-ipv6-neighbor-discovery-dropped',
  domain: 'firewall',
  description: 'Reports IPv6 input and output chains that drop every neighbor solicitation or advertisement',
  severity: 'error',
  profile: 'recommended',
  messages: {
    dropped: {
      message:
        'Chain `{{chain}}` drops all IPv6 {{messages}} (ICMPv6 type {{type}}), so the host cannot find its neighbors and IPv6 stops working on every link',
      fix: 'Add `{ action: accept, protocol: icmpv6, icmpType: nd-neighbor-solicit }` and the same rule for `nd-neighbor-advert` to chain `{{chain}}` before the rules that drop them.',
      nativeFix: {
        iptables:
          'Add `-A {{chain}} -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-solicitation -j ACCEPT` and the same rule for `neighbour-advertisement` above the rules that drop them.',
        nft: 'Add `icmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept` to chain `{{chain}}` before the rules that drop them.',
      },
    },
  },
  check({ data, report }) {
    // A dual-stack ruleset (the default family) is judged only when it shows that the host uses
    // IPv6, because hosts without IPv6 often keep an inet table that does not mention it.
    const { space, chains, model } = analysisOf(data);
    if (data.family !== 'ipv6' && !mentionsIpv6(model)) return;
    for (const chain of chains) {
      const { chain: base } = chain.flat;
      if (base.hook !== 'input' && base.hook !== 'output') continue;
      for (const { type, name } of NEIGHBOR_DISCOVERY) {
        const query: Box = { source: IPV6, destination: IPV6, protocol: [[58n, 58n]], icmpType: [[type, type]], state: [[UNTRACKED, UNTRACKED]] };
        if (!dropsAll(chain, space, query)) continue;
        report({
          messageId: 'dropped',
          path: ['chains', base.name, 'policy'],
          data: { chain: base.name, messages: name, type: String(type) },
        });
        break;
      }
    }
  },
});

/** Returns true when a rule matches IPv6 addresses or ICMPv6 on their own. */
function mentionsIpv6(model: FirewallModel): boolean {
  for (const chain of model.chains.values()) {
    for (const rule of chain.rules) {
      for (const box of rule.boxes) {
        const addresses = [...(box.source ?? []), ...(box.destination ?? [])];
        if (addresses.some(([first, last]) => first >= IPV6_OFFSET && (first > IPV6_OFFSET || last < ADDRESS_MAX))) return true;
        if (box.protocol?.some(([first, last]) => first === 58n && last === 58n)) return true;
      }
    }
  }
  return false;
}

/**
 * Returns true when the chain has IPv6 packets of `query` and no rule may accept any of them.
 * A rule with matches the model cannot evaluate may accept some, so it counts as accepting. A
 * rule for the loopback interface counts as not accepting, because neighbor discovery does not
 * run on loopback.
 */
function dropsAll(chain: DecisionIndex, space: PacketSpace, query: Box): boolean {
  const { bdd } = space;
  const { decisions } = chain.flat;
  let rest = bdd.and(space.box(query), space.universe);
  if (rest === FALSE) return false;
  const policy = decisions.length - 1;
  for (const at of chain.overlapping(space.bounds([query]), 0, policy)) {
    const decision = decisions[at]!;
    const boxes = decision.rule?.boxes ?? [];
    const loopback = boxes.length > 0 && boxes.every((box) => (box.inInterface === 'lo' && !box.inInterfaceNot) || (box.outInterface === 'lo' && !box.outInterfaceNot));
    if (decision.verdict === 'accept' && !loopback && bdd.and(rest, decision.upper) !== FALSE) return false;
    rest = bdd.diff(rest, loopback ? decision.upper : decision.lower);
    if (rest === FALSE) return true;
  }
  return decisions[policy]!.verdict !== 'accept';
}
