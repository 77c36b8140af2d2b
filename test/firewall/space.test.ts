/**
 * Atoms of the packet space at the edges of number precision: IPv6 addresses just above the IPv4
 * range are small enough to search as numbers, and addresses such as 2001:db8:: are not. Rules
 * on both kinds must keep their order on the address axis.
 */
import { describe, expect, it } from 'vitest';

import { analysePolicy, diffPolicies } from '../../src/firewall/analysis/index.js';
import type { FirewallPolicy, Rule } from '../../src/types/firewall.js';

function policy(rules: Rule[], family: FirewallPolicy['family'] = 'ipv6'): FirewallPolicy {
  return { kind: 'firewall', family, chains: { input: { hook: 'input', policy: 'drop', rules } } };
}

const rules: Rule[] = [
  { action: 'accept', source: '::1/128' },
  { action: 'drop', source: '::/127' },
  { action: 'accept', source: '::1/128', protocol: 'udp' },
  { action: 'accept', source: '2001:db8::/32', protocol: 'tcp', ports: 443 },
  { action: 'drop', source: '2001:db8::1/128', protocol: 'tcp', ports: 443 },
  { action: 'accept', source: '::ffff:0:0/96' },
];

describe('packet space address atoms', () => {
  const { anomalies } = analysePolicy(policy(rules));
  const byRule = (index: number) => anomalies.filter((anomaly) => anomaly.rule.index === index);

  it('finds the overlap of low IPv6 addresses', () => {
    const [overlap] = byRule(1);
    expect(overlap?.kind).toBe('generalisation');
    expect(overlap?.witness?.source).toBe('::1');
    expect(overlap?.related.map((related) => related.rule?.index)).toEqual([0]);
  });

  it('finds a low address rule covered', () => {
    expect(byRule(2).map((anomaly) => anomaly.kind)).toEqual(['redundant']);
  });

  it('finds a high address rule shadowed', () => {
    const [shadowed] = byRule(4);
    expect(shadowed?.kind).toBe('shadowed');
    expect(shadowed?.witness?.source).toBe('2001:db8::1');
  });

  it('leaves the mapped-address rule alone', () => {
    expect(byRule(5)).toEqual([]);
  });

  it('diffs two equal chains as equivalent', () => {
    const [chain] = diffPolicies(policy(rules), policy(rules.map((rule) => ({ ...rule }))));
    expect(chain?.equivalent).toBe(true);
  });

  it('diffs a move across the IPv4-mapped range', () => {
    const moved = rules.map((rule) => (rule.source === '::ffff:0:0/96' ? { ...rule, source: '::ffff:0:0/97' } : rule));
    const [chain] = diffPolicies(policy(rules), policy(moved));
    expect(chain?.equivalent).toBe(false);
    expect(chain?.newlyAllowed).toEqual([]);
    expect(chain?.newlyDenied.map((flow) => flow.witness.source)).toEqual(['::ffff:8000:0']);
  });

  it('keeps the top of the IPv4 range in a dual-stack chain', () => {
    const dual: Rule[] = [
      { action: 'accept', source: '10.0.0.0/8', protocol: 'tcp', ports: 22 },
      { action: 'accept', source: '203.0.113.0/24' },
      { action: 'accept', source: '::1/128' },
    ];
    const [chain] = diffPolicies(policy(dual, 'inet'), policy([dual[0]!, dual[2]!], 'inet'));
    expect(chain?.newlyDenied.map((flow) => flow.witness.source)).toEqual(['203.0.113.0']);
  });
});
