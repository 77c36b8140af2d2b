/**
 * Tests of the geometric analysis against the BDD analysis. Policies are generated with both
 * address families, user chains, returns, unmodeled matches and interface patterns. Both engines
 * must report the same anomalies, related rules, witness packets and differences. The
 * uncovered-point search is also checked against enumeration.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { analyseModel, compilePolicy, diffModels, type AnalysisOptions } from '../../src/firewall/analysis/index.js';
import { findVisible, type Visibility } from '../../src/firewall/analysis/visibility.js';
import { FIELD_COUNT, uncoveredPoint, type Rect } from '../../src/firewall/analysis/geometry.js';
import type { FirewallPolicy, Rule } from '../../src/types/firewall.js';

const address = fc.constantFrom('192.0.2.0/30', '192.0.2.1', '192.0.2.2/31', '2001:db8::/127', '2001:db8::1', '198.51.100.0/24', 'any');

const match = fc.record(
  {
    protocol: fc.constantFrom('tcp', 'udp', 'icmp'),
    ports: fc.constantFrom<Rule['ports']>(22, '20-23', [22, 80], '1000-2000'),
    source: address,
    destination: address,
    state: fc.constantFrom<Rule['state']>(['new'], ['established', 'related'], ['invalid']),
    inInterface: fc.constantFrom('eth0', 'eth+', 'lo', 'wg*'),
    outInterface: fc.constantFrom('eth1', 'ppp+'),
    unmodeled: fc.constant<string[]>(['-m limit --limit 5/s']),
  },
  { requiredKeys: [] },
);

/** Fewer fields from fewer values, so rules often cover each other (redundant, shadowed). */
const leanMatch = fc.record(
  {
    protocol: fc.constantFrom('tcp', 'udp'),
    ports: fc.constantFrom<Rule['ports']>(22, '20-23', [22, 80]),
    source: fc.constantFrom('192.0.2.0/31', '192.0.2.1', '2001:db8::1', 'any'),
    destination: fc.constantFrom('192.0.2.2', '2001:db8::/127'),
  },
  { requiredKeys: [] },
);

/** Drops combinations the schema or the model rejects (ports without a port protocol). */
function clean(rule: Rule): Rule {
  const copy = { ...rule };
  if (copy.ports !== undefined && copy.protocol === 'icmp') delete copy.ports;
  return copy;
}

const anyMatch = fc.oneof(match, leanMatch, leanMatch);
const terminal = fc.tuple(anyMatch, fc.constantFrom<Rule['action']>('accept', 'drop', 'reject')).map(([fields, action]) => clean({ ...fields, action }));
const jump = fc.tuple(anyMatch, fc.constantFrom<Rule['action']>('jump', 'goto')).map(([fields, action]) => clean({ ...fields, action, target: 'sub' }));
const ret = anyMatch.map((fields) => clean({ ...fields, action: 'return' }));

const policy = fc
  .tuple(
    fc.array(fc.oneof({ weight: 4, arbitrary: terminal }, { weight: 1, arbitrary: jump }), { minLength: 1, maxLength: 8 }),
    fc.array(fc.oneof({ weight: 4, arbitrary: terminal }, { weight: 1, arbitrary: ret }), { maxLength: 4 }),
    fc.constantFrom<'accept' | 'drop'>('accept', 'drop'),
    fc.constantFrom<FirewallPolicy['family']>('ipv4', 'ipv6', undefined),
  )
  .map(([rules, sub, fallback, family]): FirewallPolicy => ({
    kind: 'firewall',
    ...(family ? { family } : {}),
    chains: { input: { hook: 'input', policy: fallback, rules }, sub: { rules: sub } },
  }));

/** Returns the anomalies as plain data: kind, rule, related rules, witness. */
function summary(policy: FirewallPolicy, options: AnalysisOptions): unknown[] {
  const { anomalies } = analyseModel(compilePolicy(policy), undefined, options);
  return anomalies.map((anomaly) => ({
    kind: anomaly.kind,
    rule: anomaly.rule.label,
    related: anomaly.related.map((item) => item.rule?.label ?? `policy of ${item.chain}`),
    witness: anomaly.witness,
    verdict: anomaly.witnessVerdict,
    uncertain: anomaly.uncertain,
  }));
}

describe('geometric analysis', () => {
  it('reports what the BDD analysis reports, witnesses included', () => {
    fc.assert(
      fc.property(policy, (generated) => {
        expect(summary(generated, { geometric: true })).toEqual(summary(generated, { geometric: false }));
      }),
      { numRuns: 1500 },
    );
  }, 600_000);

  it('gives the same witnesses without the exact search', () => {
    fc.assert(
      fc.property(policy, (generated) => {
        const unordered = summary(generated, { geometric: true, exactSearchLimit: -1 });
        expect(unordered).toEqual(summary(generated, { geometric: false }));
      }),
      { numRuns: 1000 },
    );
  }, 600_000);

  it('finds the same differences as the BDD comparison', () => {
    fc.assert(
      fc.property(policy, policy, (before, after) => {
        const left = compilePolicy(before);
        const right = compilePolicy(after);
        expect(diffModels(left, right, { geometric: true })).toEqual(diffModels(left, right, { geometric: false }));
      }),
      { numRuns: 800 },
    );
  }, 600_000);

  it('compares with a restricting box the same way', () => {
    fc.assert(
      fc.property(policy, policy, (before, after) => {
        const left = compilePolicy(before);
        const right = compilePolicy(after);
        const within = { protocol: [[6n, 6n]] as [bigint, bigint][], state: [[0n, 0n]] as [bigint, bigint][] };
        expect(diffModels(left, right, { geometric: true, within })).toEqual(diffModels(left, right, { geometric: false, within }));
      }),
      { numRuns: 300 },
    );
  }, 600_000);
});

/** Generates a rectangle over 4 values in each of the first three fields, with the rest fixed to 0. */
const rect = fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 3, maxLength: 3 }).map((ranges): Rect => {
  const result = new Int32Array(FIELD_COUNT * 2);
  ranges.forEach(([one, other], field) => {
    result[field * 2] = Math.min(one, other);
    result[field * 2 + 1] = Math.max(one, other);
  });
  return result;
});

function inside(point: number[], box: Rect): boolean {
  return point.every((value, field) => box[field * 2]! <= value && value <= box[field * 2 + 1]!);
}

describe('uncoveredPoint', () => {
  it('returns the smallest point outside the cover, or none', () => {
    fc.assert(
      fc.property(rect, fc.array(rect, { maxLength: 8 }), (query, cover) => {
        let expected: number[] | undefined;
        for (let a = 0; a < 4 && !expected; a += 1) {
          for (let b = 0; b < 4 && !expected; b += 1) {
            for (let c = 0; c < 4 && !expected; c += 1) {
              const point = [a, b, c, 0, 0, 0, 0, 0, 0];
              if (inside(point, query) && !cover.some((box) => inside(point, box))) expected = point;
            }
          }
        }
        const actual = uncoveredPoint(query, cover);
        expect(actual ? [...actual] : undefined).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

/** Lists the points of `query` in ascending order, as `uncoveredPoint` orders them. */
function pointsOf(query: Rect): number[][] {
  const points: number[][] = [];
  for (let a = 0; a < 4; a += 1) {
    for (let b = 0; b < 4; b += 1) {
      for (let c = 0; c < 4; c += 1) {
        const point = [a, b, c, 0, 0, 0, 0, 0, 0];
        if (inside(point, query)) points.push(point);
      }
    }
  }
  return points;
}

describe('findVisible', () => {
  it('finds each first-match owner and the smallest packets', () => {
    fc.assert(
      fc.property(rect, fc.array(rect, { maxLength: 8 }), (query, cover) => {
        const owners = cover.map((_, index) => index);
        const smallest = new Map<number, number[]>();
        let rest: number[] | undefined;
        for (const point of pointsOf(query)) {
          const owner = cover.findIndex((box) => inside(point, box));
          if (owner === -1) rest ??= point;
          else if (!smallest.has(owner)) smallest.set(owner, point);
        }
        const exact: Visibility = { found: new Map() };
        findVisible(query, cover, owners, { exact: true, relevant: () => true }, exact);
        expect(new Map([...exact.found].map(([owner, point]) => [owner, [...point]]))).toEqual(smallest);
        expect(exact.rest ? [...exact.rest] : undefined).toEqual(rest);

        // The faster search finds the same owners, each with one of its packets.
        const unordered: Visibility = { found: new Map() };
        findVisible(query, cover, owners, { exact: false, relevant: () => true }, unordered);
        expect([...unordered.found.keys()].sort()).toEqual([...smallest.keys()].sort());
        for (const [owner, point] of unordered.found) {
          const packet = [...point];
          expect(inside(packet, query)).toBe(true);
          expect(cover.findIndex((box) => inside(packet, box))).toBe(owner);
        }
        expect(unordered.rest !== undefined).toBe(rest !== undefined);
        if (unordered.rest) expect(cover.some((box) => inside([...unordered.rest!], box))).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('skips owners that are not relevant', () => {
    fc.assert(
      fc.property(rect, fc.array(rect, { maxLength: 8 }), (query, cover) => {
        const owners = cover.map((_, index) => index);
        const all: Visibility = { found: new Map() };
        findVisible(query, cover, owners, { exact: true, relevant: () => true }, all);
        const even: Visibility = { found: new Map() };
        findVisible(query, cover, owners, { exact: true, relevant: (owner) => owner % 2 === 0 }, even);
        for (const [owner, point] of all.found) {
          if (owner % 2 === 0) expect([...even.found.get(owner)!]).toEqual([...point]);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
