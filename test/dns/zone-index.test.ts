import { describe, expect, it } from 'vitest';

import { parseName } from '../../src/dns/names.js';
import type { DomainName } from '../../src/dns/names.js';
import {
  answersFor,
  checkableZones,
  countRecordsAt,
  delegationAbove,
  firstRecordAt,
  hasAnswer,
  hostTargets,
  indexZones,
  nameExists,
  recordsAt,
  recordsOfType,
} from '../../src/dns/zone-index.js';
import type { DNSZones } from '../../src/types/dns.js';

function name(text: string): DomainName {
  const parsed = parseName(text);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.name;
}

const document: DNSZones = {
  kind: 'dns',
  zones: [
    {
      origin: 'Example.com',
      ttl: '1h',
      records: [
        { name: '@', type: 'SOA', value: 'ns1 hostmaster 1 7200 3600 1209600 3600' },
        { name: '@', type: 'ns', value: 'ns1' },
        { name: 'NS1', type: 'A', ttl: 300, value: '192.0.2.1' },
        { name: 'ööö', type: 'TYPE1', value: '192.0.2.4' },
        { name: '*.hosts', type: 'A', value: '192.0.2.60' },
        { name: 'child', type: 'NS', value: 'ns.child' },
        { name: 'ns.child', type: 'A', value: '192.0.2.5' },
        { name: 'mx.child', type: 'MX', value: '10 mail.example.net.' },
        { name: 'bad..name', type: 'A', value: '192.0.2.9' },
        { name: 'www.example.net.', type: 'A', value: '192.0.2.9' },
        { name: 10, type: 'TXT', value: 'numeric owner' },
      ],
    },
    { origin: 'a..b', records: [] },
  ],
};

describe('indexZones', () => {
  const [zone, broken] = indexZones(document);

  it('returns the same index for the same document', () => {
    expect(indexZones(document)[0]).toBe(zone);
  });

  it('normalises owners and types', () => {
    expect(zone?.origin?.text).toBe('example.com.');
    expect(zone?.records.map((record) => record.owner?.text)).toEqual([
      'example.com.',
      'example.com.',
      'ns1.example.com.',
      'xn--ndaaa.example.com.',
      '*.hosts.example.com.',
      'child.example.com.',
      'ns.child.example.com.',
      'mx.child.example.com.',
      undefined,
      'www.example.net.',
      '10.example.com.',
    ]);
    expect(zone?.records[1]?.type).toBe('NS');
    expect(zone?.records[3]?.type).toBe('A');
  });

  it('resolves TTLs with the zone default', () => {
    expect(zone?.records[0]?.ttl).toBe(3600);
    expect(zone?.records[2]?.ttl).toBe(300);
  });

  it('keeps data paths and owner problems', () => {
    expect(zone?.records[8]?.path).toEqual(['zones', 0, 'records', 8]);
    expect(zone?.records[8]?.ownerProblem?.message).toContain('empty label');
  });

  it('marks out-of-zone owners', () => {
    expect(zone?.records[9]?.inZone).toBe(false);
    expect(zone?.records[2]?.inZone).toBe(true);
  });

  it('keeps zones whose origin does not parse apart', () => {
    expect(broken?.origin).toBeUndefined();
    expect(broken?.originProblem).toBeDefined();
    expect(checkableZones(document)).toHaveLength(1);
  });

  it('finds records by name and type', () => {
    expect(recordsAt(zone!, name('NS1.example.com.'), 'A')).toHaveLength(1);
    expect(recordsAt(zone!, name('ns1.example.com.'), 'AAAA')).toHaveLength(0);
  });

  it('counts and finds records without a list', () => {
    expect(countRecordsAt(zone!, name('example.com.'), 'NS')).toBe(1);
    expect(countRecordsAt(zone!, name('example.com.'), 'MX')).toBe(0);
    expect(countRecordsAt(zone!, name('nothing.example.com.'), 'A')).toBe(0);
    expect(firstRecordAt(zone!, name('example.com.'), 'NS')?.position).toBe(1);
    expect(firstRecordAt(zone!, name('example.com.'), 'A')).toBeUndefined();
    expect(firstRecordAt(zone!, name('nothing.example.com.'), 'A')).toBeUndefined();
  });

  it('lists records of one type in zone order', () => {
    expect(recordsOfType(zone!, 'A').map((record) => record.position)).toEqual([2, 3, 4, 6, 8, 9]);
    expect(recordsOfType(zone!, 'NS').map((record) => record.position)).toEqual([1, 5]);
    expect(recordsOfType(zone!, 'AAAA')).toEqual([]);
  });

  it('finds delegation points below the apex', () => {
    expect([...zone!.delegations.keys()]).toEqual(['child.example.com.']);
    expect(delegationAbove(zone!, name('a.ns.child.example.com.'))?.text).toBe('child.example.com.');
    expect(delegationAbove(zone!, name('ns1.example.com.'))).toBeUndefined();
  });

  it('answers through a wildcard only for names that do not exist', () => {
    expect(answersFor(zone!, name('web.hosts.example.com.'), 'A')).toHaveLength(1);
    expect(answersFor(zone!, name('hosts.example.com.'), 'A')).toHaveLength(0);
    expect(nameExists(zone!, name('hosts.example.com.'))).toBe(true);
    expect(nameExists(zone!, name('nothing.example.com.'))).toBe(false);
  });

  it('tells whether a query gets an answer', () => {
    expect(hasAnswer(zone!, name('ns1.example.com.'), 'A')).toBe(true);
    expect(hasAnswer(zone!, name('ns1.example.com.'), 'AAAA')).toBe(false);
    expect(hasAnswer(zone!, name('web.hosts.example.com.'), 'A')).toBe(true);
    expect(hasAnswer(zone!, name('hosts.example.com.'), 'A')).toBe(false);
    expect(hasAnswer(zone!, name('nothing.example.com.'), 'A')).toBe(false);
  });

  it('leaves out targets of records below a delegation', () => {
    const targets = hostTargets(checkableZones(document)[0]!).map((entry) => `${entry.record.type} ${entry.target.text}`);
    expect(targets).toEqual(['NS ns1.example.com.', 'NS ns.child.example.com.']);
  });
});
