/**
 * Real rulesets written as canonical policies: a Synology NAS ruleset with shadowed rules, and
 * equivalent spellings of the RHEL default ruleset.
 * The canonical policies are hand transcriptions of recorded iptables-save files. The last
 * block runs the same checks on the recorded files, read through the iptables-save parser.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { iptablesFormat } from '../../src/formats/iptables.js';
import { caseFile } from '../helpers/shared.js';

import { analysePolicy, compilePolicy, diffPolicies, formatFlowClass, queryChain, type Packet } from '../../src/firewall/analysis/index.js';
import type { FirewallPolicy, Rule } from '../../src/types/firewall.js';

/** DOS_PROTECT rules of the NAS: rate limits and TCP flag tests the model cannot evaluate. */
function dosProtect(inInterface: string): Rule[] {
  return [
    { action: 'return', inInterface, protocol: 'icmp', icmpType: 8, unmodeled: ['-m limit --limit 1/sec'] },
    { action: 'drop', inInterface, protocol: 'icmp', icmpType: 8 },
    { action: 'return', inInterface, protocol: 'tcp', unmodeled: ['--tcp-flags FIN,SYN,RST,ACK RST', '-m limit --limit 1/sec'] },
    { action: 'drop', inInterface, protocol: 'tcp', unmodeled: ['--tcp-flags FIN,SYN,RST,ACK RST'] },
    { action: 'return', inInterface, protocol: 'tcp', unmodeled: ['--tcp-flags FIN,SYN,RST,ACK SYN', '-m limit --limit 10000/sec --limit-burst 100'] },
    { action: 'drop', inInterface, protocol: 'tcp', unmodeled: ['--tcp-flags FIN,SYN,RST,ACK SYN'] },
  ];
}

const nas: FirewallPolicy = {
  kind: 'firewall',
  family: 'ipv4',
  chains: {
    INPUT: {
      hook: 'input',
      policy: 'accept',
      rules: [
        { action: 'jump', target: 'DOS_PROTECT' },
        { action: 'jump', target: 'DEFAULT_INPUT' },
      ],
    },
    DEFAULT_INPUT: {
      rules: [
        { action: 'accept', inInterface: 'lo' },
        { action: 'accept', state: ['related', 'established'] },
        { action: 'accept', protocol: 'tcp', ports: 22 },
        { action: 'drop', protocol: 'tcp', ports: [873, 3260, 3261, 3262, '3240-3259', 21, 548, 111, 892, 2049, 443, 80, 3493, 3306] },
        { action: 'drop', protocol: 'tcp', ports: [22, 23] },
        { action: 'drop', protocol: 'udp', ports: [68, 67, 123, 514, 19999, 5353, 161, 111, 892, 2049] },
        { action: 'accept', source: '192.168.0.0/16' },
        { action: 'drop' },
        { action: 'drop', inInterface: 'eth0' },
      ],
    },
    DOS_PROTECT: { rules: [...dosProtect('eth1'), ...dosProtect('eth0')] },
  },
};

function packet(fields: Partial<Packet>): Packet {
  return {
    protocol: 6,
    source: '203.0.113.7',
    destination: '192.168.1.2',
    sourcePort: 40000,
    destinationPort: 22,
    icmpType: 0,
    state: 'new',
    inInterface: 'eth1',
    outInterface: '(unlisted)',
    ...fields,
  };
}

describe('NAS ruleset with shadowed rules', () => {
  const { anomalies } = analysePolicy(nas);
  const inDefault = anomalies.filter((anomaly) => anomaly.rule.chain === 'DEFAULT_INPUT');

  it('finds the drop of 22 and 23 partly decided by the ssh accept', () => {
    const finding = inDefault.find((anomaly) => anomaly.rule.index === 4);
    // The drop covers all of the accept's packets and more: a generalisation in the taxonomy.
    expect(finding?.kind).toBe('generalisation');
    expect(finding?.related.map((related) => related.rule?.index)).toEqual([2]);
    expect(finding?.witnessVerdict).toBe('accept');
    expect(finding?.witness?.destinationPort).toBe(22);
  });

  it('finds the rule after the unconditional drop', () => {
    const finding = inDefault.find((anomaly) => anomaly.rule.index === 8);
    expect(finding?.kind).toBe('afterTerminal');
    expect(finding?.related[0]?.rule?.index).toBe(7);
  });

  it('reports no other shadowed or redundant rule', () => {
    const others = inDefault.filter((anomaly) => anomaly.rule.index !== 4 && anomaly.rule.index !== 8);
    // True overlaps, none of them dead code: DOS_PROTECT drops established echo requests on eth1
    // before rule 1, the service drops take LAN packets before the LAN accept, and the final
    // drop generalises every accept before it.
    const kinds = others.map((anomaly) => `${anomaly.rule.index}:${anomaly.kind}`);
    expect(kinds).toEqual(['1:correlated', '6:correlated', '7:generalisation']);
  });

  it('gives the effective verdicts of the simple firewall', () => {
    const model = compilePolicy(nas);
    const verdict = (fields: Partial<Packet>): string => queryChain(model, 'INPUT', packet(fields)).verdict;
    expect(verdict({ destinationPort: 22 })).toBe('accept');
    expect(verdict({ source: '192.168.1.9', destinationPort: 23 })).toBe('drop');
    expect(verdict({ source: '192.168.1.9', protocol: 17, destinationPort: 53 })).toBe('accept');
    expect(verdict({ source: '192.168.1.9', destinationPort: 80 })).toBe('drop');
    expect(verdict({ protocol: 17, destinationPort: 53 })).toBe('drop');
    expect(verdict({ state: 'established', destinationPort: 3306 })).toBe('accept');
    expect(verdict({ inInterface: 'lo', destinationPort: 3306 })).toBe('accept');
  });

  it('names the rules with unmodeled matches a packet may hit', () => {
    const result = queryChain(compilePolicy(nas), 'INPUT', packet({ destinationPort: 22 }));
    expect(result.rule?.index).toBe(2);
    expect(result.uncertain.map((rule) => rule.index)).toEqual([2, 3, 4, 5]);
  });
});

/** The stock RHEL ruleset as its author wrote it. */
const desired: FirewallPolicy = {
  kind: 'firewall',
  family: 'ipv4',
  chains: {
    INPUT: {
      hook: 'input',
      rules: [
        { action: 'accept', state: ['established', 'related'] },
        { action: 'accept', protocol: 'icmp' },
        { action: 'accept', inInterface: 'lo' },
        { action: 'accept', state: ['new'], protocol: 'tcp', ports: 22 },
        { action: 'reject', targetOptions: ['--reject-with icmp-host-prohibited'] },
        { action: 'accept', protocol: 'tcp', ports: 5601, state: ['new'] },
        { action: 'accept', protocol: 'tcp', ports: 9200, state: ['new'] },
      ],
    },
    FORWARD: { hook: 'forward', rules: [{ action: 'reject', targetOptions: ['--reject-with icmp-host-prohibited'] }] },
  },
};

/** The same ruleset as a live host reports it: other spellings, state order and rule order. */
const live: FirewallPolicy = {
  kind: 'firewall',
  family: 'ipv4',
  objects: { services: { ssh: { protocol: 6, ports: '22' } } },
  chains: {
    INPUT: {
      hook: 'input',
      policy: 'accept',
      rules: [
        { action: 'accept', state: ['related', 'established'], source: 'any' },
        { action: 'accept', inInterface: 'lo' },
        { action: 'accept', protocol: 1 },
        { action: 'accept', service: 'ssh', state: ['new'] },
        { action: 'reject', destination: ['0.0.0.0/0'], targetOptions: ['--reject-with host-prohib'] },
        { action: 'accept', protocol: 'tcp', ports: ['9200'], state: ['new'] },
      ],
    },
    FORWARD: { hook: 'forward', policy: 'accept', rules: [{ action: 'reject', targetOptions: ['--reject-with host-prohib'] }] },
  },
};

describe('equivalent spellings and reordering', () => {
  it('finds no difference', () => {
    const chains = diffPolicies(desired, live);
    expect(chains.map((chain) => [chain.chain, chain.equivalent])).toEqual([
      ['FORWARD', true],
      ['INPUT', true],
    ]);
  });

  it('lists the ports a rendered rule set adds', () => {
    const rendered: FirewallPolicy = {
      kind: 'firewall',
      chains: { INPUT: { hook: 'input', policy: 'drop', rules: [{ action: 'accept', protocol: 'tcp', ports: 80, state: ['new'] }] } },
    };
    const printed: FirewallPolicy = {
      kind: 'firewall',
      chains: {
        INPUT: {
          hook: 'input',
          policy: 'drop',
          rules: [5671, 5672, 443, 80].map((port): Rule => ({ id: `port-${port}`, action: 'accept', protocol: 'tcp', ports: port, state: ['new'] })),
        },
      },
    };
    const [chain] = diffPolicies(rendered, printed);
    expect(chain?.equivalent).toBe(false);
    expect(chain?.newlyDenied).toEqual([]);
    expect(chain?.newlyAllowed.map(formatFlowClass)).toEqual([
      'tcp from any to any port 5671 state new',
      'tcp from any to any port 5672 state new',
      'tcp from any to any port 443 state new',
    ]);
    expect(chain?.newlyAllowed.map((flow) => flow.after.rule?.label)).toEqual(['port-5671', 'port-5672', 'port-443']);
    expect(chain?.newlyAllowed.every((flow) => flow.before.rule === undefined && flow.before.verdict === 'drop')).toBe(true);
  });
});

/** Parses a recorded iptables-save file of a shared case into its firewall policy. */
function recordedPolicy(caseName: string, file: string): FirewallPolicy {
  const path = caseFile(caseName, file);
  const output = iptablesFormat.parse(readFileSync(path, 'utf8'), { file, absolutePath: path, explicit: true });
  expect(output.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  expect(output.documents).toHaveLength(1);
  return output.documents[0]!.data as FirewallPolicy;
}

describe('recorded iptables-save files', () => {
  const recordedNas = recordedPolicy('028-fw-synology-shadowed-rules', 'iptables-save.txt');

  it('finds the same anomalies in the NAS dump', () => {
    const inDefault = analysePolicy(recordedNas).anomalies.filter((anomaly) => anomaly.rule.chain === 'DEFAULT_INPUT');
    const shadowedDrop = inDefault.find((anomaly) => anomaly.rule.index === 4);
    expect(shadowedDrop?.kind).toBe('generalisation');
    expect(shadowedDrop?.related.map((related) => related.rule?.index)).toEqual([2]);
    expect(inDefault.find((anomaly) => anomaly.rule.index === 8)?.kind).toBe('afterTerminal');
    const others = inDefault.filter((anomaly) => anomaly.rule.index !== 4 && anomaly.rule.index !== 8);
    expect(others.map((anomaly) => `${anomaly.rule.index}:${anomaly.kind}`)).toEqual(['1:correlated', '6:correlated', '7:generalisation']);
  });

  it('gives the NAS dump the transcribed verdicts', () => {
    const model = compilePolicy(recordedNas);
    const verdict = (fields: Partial<Packet>): string => queryChain(model, 'INPUT', packet(fields)).verdict;
    expect(verdict({ destinationPort: 22 })).toBe('accept');
    expect(verdict({ source: '192.168.1.9', destinationPort: 23 })).toBe('drop');
    expect(verdict({ source: '192.168.1.9', protocol: 17, destinationPort: 53 })).toBe('accept');
    expect(verdict({ source: '192.168.1.9', destinationPort: 80 })).toBe('drop');
    expect(verdict({ protocol: 17, destinationPort: 53 })).toBe('drop');
    expect(verdict({ state: 'established', destinationPort: 3306 })).toBe('accept');
    expect(verdict({ inInterface: 'lo', destinationPort: 3306 })).toBe('accept');
  });

  it('finds the NAS dump equal to its transcription', () => {
    const chains = diffPolicies(nas, recordedNas);
    expect(chains.filter((chain) => !chain.equivalent).map((chain) => chain.chain)).toEqual([]);
  });

  it('finds the RHEL file equal to its dump', () => {
    const stock = recordedPolicy('050-drift-implicit-match-and-reordering', 'desired-etc-sysconfig-iptables');
    const dumped = recordedPolicy('050-drift-implicit-match-and-reordering', 'live-iptables-save-1.8.9.txt');
    expect(diffPolicies(stock, dumped).map((chain) => [chain.chain, chain.equivalent])).toEqual([
      ['FORWARD', true],
      ['INPUT', true],
      ['OUTPUT', true],
    ]);
  });

  it('finds the RHEL dump equal to the transcription', () => {
    const dumped = recordedPolicy('050-drift-implicit-match-and-reordering', 'live-iptables-save-1.8.9.txt');
    expect(diffPolicies(desired, dumped).every((chain) => chain.equivalent)).toBe(true);
  });
});
