import { displayName } from '../src/dns/names.js';
import { typedRdata } from '../src/dns/rdata.js';
import { checkableZones, firstRecordAt, recordsOfType, usable } from '../src/dns/zone-index.js';
import type { CheckableZone, IndexedRecord } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

/** Returns the CNAME target of an indexed record, or undefined when it is no parsed CNAME. */
function cnameTarget(record: IndexedRecord) {
  const rdata = typedRdata(record.rdata);
  return rdata?.type === 'CNAME' ? rdata.target : undefined;
}

/**
 * Returns the names of the chain from `start` that leads back to `start` through CNAME records
 * of this zone, or undefined when the chain ends. Only names inside the zone are followed.
 */
function loopFrom(zone: CheckableZone, start: IndexedRecord): string[] | undefined {
  const owner = start.owner?.text;
  const first = cnameTarget(start);
  // Most aliases point at a name without a CNAME, where the chain ends: no list or set needed.
  if (first && first.text !== owner && !firstRecordAt(zone, first, 'CNAME')) return undefined;
  const chain: string[] = [];
  const seen = new Set<string>();
  for (let target = first; target; ) {
    chain.push(displayName(target));
    if (target.text === owner) return chain;
    if (seen.has(target.text)) return undefined;
    seen.add(target.text);
    const next = firstRecordAt(zone, target, 'CNAME');
    target = next ? cnameTarget(next) : undefined;
  }
  return undefined;
}

export default defineRule({
  id: 'dns-cname-loop',
  domain: 'dns',
  description: 'Reports CNAME records whose chain of aliases in the zone leads back to the owner',
  severity: 'warning',
  profile: 'recommended',
  messages: {
    selfLoop: {
      message: 'CNAME at `{{owner}}` points to itself, so the name can never be resolved',
      fix: 'Point the CNAME at the canonical name of the service, or replace it with A and AAAA records.',
    },
    loop: {
      message: 'CNAME at `{{owner}}` starts a loop of aliases: {{chain}}',
      fix: 'Break the loop: make one name in the chain hold A and AAAA records, or point one CNAME outside the chain.',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      for (const record of recordsOfType(zone, 'CNAME')) {
        if (record.type !== 'CNAME' || !usable(record)) continue;
        // Resolvers stop at a chain that returns to a name they saw, and return SERVFAIL.
        const chain = loopFrom(zone, record);
        if (!chain) continue;
        const owner = displayName(record.owner);
        if (chain.length === 1) {
          report({ messageId: 'selfLoop', path: [...record.path, 'value'], data: { owner } });
        } else {
          report({ messageId: 'loop', path: [...record.path, 'value'], data: { owner, chain: [owner, ...chain].join(' -> ') } });
        }
      }
    }
  },
});
