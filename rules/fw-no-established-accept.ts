import { defineRule } from '../src/engine/rule.js';
import { FALSE } from '../src/firewall/analysis/bdd.js';
import { formatPacket } from '../src/firewall/analysis/format.js';
import { STATES } from '../src/firewall/analysis/model.js';
import { analysisOf } from '../src/firewall/analysis/report.js';

const ESTABLISHED = BigInt(STATES.indexOf('established'));

export default defineRule({
  id: 'fw-no-established-accept',
  domain: 'firewall',
  description: 'Reports default-drop input and forward chains with no rule accepting established traffic',
  severity: 'error',
  profile: 'recommended',
  messages: {
    missing: {
      message:
        'Chain `{{chain}}` drops by default but no rule accepts established or related traffic, so replies are dropped, such as {{witness}}',
      fix: 'Add `{ action: accept, state: [established, related] }` as the first rule of `{{chain}}`.',
      nativeFix: {
        iptables:
          'Add `-A {{chain}} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT` above the other `-A {{chain}}` lines.',
        nft:
          'Add `ct state established,related accept` as the first rule of chain `{{chain}}`.',
      },
    },
  },
  check({ data, report }) {
    const { space, chains } = analysisOf(data);
    const { bdd } = space;
    const established = space.box({ state: [[ESTABLISHED, ESTABLISHED]] });
    for (const chain of chains) {
      const { chain: base, decisions } = chain.flat;
      if (base.hook !== 'input' && base.hook !== 'forward') continue;
      // A forward chain that accepts nothing forwards no connection, so no reply needs accepting.
      // An input chain still receives the replies to the host's own outgoing connections.
      if (base.hook === 'forward' && !decisions.some((decision) => decision.rule && decision.verdict === 'accept')) continue;
      const catchAll = base.rules.find(
        (rule) => (rule.action === 'drop' || rule.action === 'reject') && rule.unmodeled.length === 0 && space.boxes(rule.boxes) === space.universe,
      );
      if (base.policy === 'accept' && !catchAll) continue;
      const { parts } = chain.classify(established, space.bounds([{}]));
      const statefulAccept = parts.some(({ at }) => {
        const decision = decisions[at]!;
        return decision.verdict === 'accept' && decision.rule?.boxes.some((box) => box.state !== undefined);
      });
      const dropped = parts.find(({ at }) => decisions[at]!.verdict !== 'accept');
      if (statefulAccept || !dropped || dropped.part === FALSE) continue;
      report({
        messageId: 'missing',
        path: catchAll ? catchAll.path : ['chains', base.name, 'policy'],
        data: { chain: base.name, witness: formatPacket(space.witness(bdd.and(dropped.part, established))!) },
      });
    }
  },
});
