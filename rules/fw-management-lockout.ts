import { defineRule } from '../src/engine/rule.js';
import { FALSE } from '../src/firewall/analysis/bdd.js';
import type { Box } from '../src/firewall/analysis/model.js';
import { formatAddressSet, formatPacket } from '../src/firewall/analysis/format.js';
import { analysisOf, relatedLabel, relatedLocations } from '../src/firewall/analysis/report.js';

export default defineRule({
  id: 'fw-management-lockout',
  domain: 'firewall',
  description: 'Reports management networks that cannot open SSH connections through the input chain',
  severity: 'error',
  profile: 'recommended',
  messages: {
    lockout: {
      message:
        'Management network {{management}} cannot reach SSH: the input chain `{{chain}}` gives {{witness}} {{verdict}} at {{decider}}, and no packet from {{source}} to tcp port 22 is accepted',
      fix: 'Accept tcp port 22 with state new from {{management}} before {{decider}} in `{{chain}}`.',
    },
  },
  check({ data, report }) {
    const { model, space, chains } = analysisOf(data);
    if (model.management.length === 0) return;
    const { bdd } = space;
    // A new SSH connection from anywhere in the management networks, to any local address.
    const box: Box = { source: model.management, protocol: [[6n, 6n]], destinationPort: [[22n, 22n]], state: [[0n, 0n]] };
    // Connections from the management network do not arrive on the loopback interface, so the
    // accept of loopback traffic that most chains start with does not let them in.
    const request = bdd.diff(space.box(box), space.box({ inInterface: 'lo' }));
    if (request === FALSE) return;
    for (const chain of chains.filter((candidate) => candidate.flat.chain.hook === 'input')) {
      const { parts } = chain.classify(request, space.bounds([box]));
      let accepted = FALSE;
      for (const { at, part } of parts) if (chain.flat.decisions[at]!.verdict === 'accept') accepted = bdd.or(accepted, part);
      // Sources with no accepted SSH packet at all, on any interface or local address.
      const unreachable = bdd.diff(request, space.keepField(accepted, 'source'));
      if (unreachable === FALSE) continue;
      const denied = parts.find(({ part }) => bdd.intersects(part, unreachable))!;
      const witness = space.witness(bdd.and(denied.part, unreachable))!;
      const decision = chain.flat.decisions[denied.at]!;
      const related = { ...(decision.rule ? { rule: decision.rule } : {}), chain: chain.flat.chain.name, verdict: decision.verdict };
      report({
        messageId: 'lockout',
        path: ['management'],
        data: {
          management: formatAddressSet(model.management),
          chain: chain.flat.chain.name,
          witness: formatPacket(witness),
          verdict: decision.verdict,
          decider: relatedLabel(related),
          source: witness.source,
        },
        related: relatedLocations([related], 'denies SSH from management'),
      });
    }
  },
});
