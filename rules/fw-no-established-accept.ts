import { defineRule } from '../src/engine/rule.js';
import { FALSE } from '../src/firewall/analysis/bdd.js';
import type { DecisionIndex } from '../src/firewall/analysis/decisions.js';
import { formatPacket } from '../src/firewall/analysis/format.js';
import { STATES, type Box } from '../src/firewall/analysis/model.js';
import { analysisOf } from '../src/firewall/analysis/report.js';
import type { Packet, PacketSpace } from '../src/firewall/analysis/space.js';

const ESTABLISHED = BigInt(STATES.indexOf('established'));

/** Established packets as a box of the packet space. */
const ESTABLISHED_BOX: Box = { state: [[ESTABLISHED, ESTABLISHED]] };

/** Established TCP, then UDP packets: the replies a finding shows first, in this order. */
const EXAMPLE_BOXES: Box[] = [6n, 17n].map((protocol) => ({ ...ESTABLISHED_BOX, protocol: [[protocol, protocol]] }));

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
    for (const chain of chains) {
      const { chain: base, decisions } = chain.flat;
      if (base.hook !== 'input' && base.hook !== 'forward') continue;
      // A forward chain that accepts nothing forwards no connection, so no reply needs accepting.
      // An input chain still receives the replies to the host's own outgoing connections.
      if (base.hook === 'forward' && !decisions.some((decision) => decision.rule && decision.verdict === 'accept')) continue;
      const catchAll = base.rules.find(
        (rule) => (rule.action === 'drop' || rule.action === 'reject') && rule.unmodeled.length === 0 && space.boxes(rule.boxes) === space.familyUniverse(base.family),
      );
      if (base.policy === 'accept' && !catchAll) continue;
      const witness = droppedEstablished(chain, space, ESTABLISHED_BOX);
      if (!witness) continue;
      // The smallest dropped packet has protocol 0 and reads like no real packet, so the finding
      // shows a TCP or UDP reply where the chain drops one.
      let example = witness;
      for (const box of EXAMPLE_BOXES) {
        const reply = droppedEstablished(chain, space, box);
        if (reply) {
          example = reply;
          break;
        }
      }
      report({
        messageId: 'missing',
        path: catchAll ? catchAll.path : ['chains', base.name, 'policy'],
        data: { chain: base.name, witness: formatPacket(example) },
      });
    }
  },
});

/**
 * Returns a packet of `query`, which contains only established packets, that the chain drops or
 * rejects: the smallest one of the first decision that does. Returns undefined when a rule that
 * tests the connection state accepts some packet of `query` (or none is dropped). Geometric
 * chains are searched without BDDs.
 */
function droppedEstablished(chain: DecisionIndex, space: PacketSpace, query: Box): Packet | undefined {
  const { decisions } = chain.flat;
  const statefulAccept = (at: number): boolean => {
    const decision = decisions[at]!;
    return decision.verdict === 'accept' && decision.rule?.boxes.some((box) => box.state !== undefined) === true;
  };
  // Only two kinds of decisions matter: a stateful accept, which settles the result, and a
  // decision that drops, of which only the first in the chain is reported.
  let firstDrop = Infinity;
  let accepted = false;
  const relevant = (at: number): boolean => !accepted && (statefulAccept(at) || (decisions[at]!.verdict !== 'accept' && at < firstDrop));
  const onFound = (at: number): boolean => {
    if (statefulAccept(at)) accepted = true;
    else if (decisions[at]!.verdict !== 'accept') firstDrop = Math.min(firstDrop, at);
    return accepted;
  };
  const rects = space.rects([query]);
  const takers = rects && chain.takers(rects, relevant, onFound);
  if (takers) {
    if (accepted) return undefined;
    const dropped = takers.find(({ at }) => at === firstDrop);
    return dropped && space.packetAt(dropped.witness);
  }
  const established = space.box(query);
  const { parts } = chain.classify(established, space.bounds([{}]));
  const dropped = parts.find(({ at }) => decisions[at]!.verdict !== 'accept');
  if (parts.some(({ at }) => statefulAccept(at)) || !dropped || dropped.part === FALSE) return undefined;
  return space.witness(space.bdd.and(dropped.part, established))!;
}
