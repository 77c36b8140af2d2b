/**
 * Compares fw-invalid-port and fw-too-many-ports with `iptables-restore --test`, which parses
 * a ruleset and builds it without committing it. Both must accept and reject the same rules.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

import { runRule } from '../helpers/rule-tester.js';

interface PortRule {
  protocol?: string;
  ports: (number | string)[];
}

/** Renders a rule the way an iptables backend would: one port as `--dport`, several as multiport. */
function renderIptables(rule: PortRule): string {
  const words = ['-A', 'INPUT'];
  if (rule.protocol !== undefined) words.push('-p', rule.protocol);
  const ports = rule.ports.map((port) => String(port).replace('-', ':'));
  if (ports.length === 1) words.push('--dport', ports[0]!);
  else words.push('-m', 'multiport', '--dports', ports.join(','));
  words.push('-j', 'ACCEPT');
  return `*filter\n${words.join(' ')}\nCOMMIT\n`;
}

function renderYaml(rule: PortRule): string {
  const protocol = rule.protocol === undefined ? '' : `, protocol: ${rule.protocol}`;
  return `kind: firewall\nchains:\n  input:\n    hook: input\n    policy: drop\n    rules:\n      - { action: accept${protocol}, ports: ${JSON.stringify(rule.ports)} }\n`;
}

const fifteenSlots = [
  21,
  80,
  443,
  548,
  873,
  2049,
  3306,
  '3240-3262',
  3493,
  111,
  892,
  5000,
  5001,
  5002,
];

const cases: [string, PortRule][] = [
  ['one tcp port', { protocol: 'tcp', ports: [22] }],
  ['udp multiport', { protocol: 'udp', ports: [53, 123, '33434-33534'] }],
  ['sctp port', { protocol: 'sctp', ports: [3868] }],
  ['fifteen slots', { protocol: 'tcp', ports: fifteenSlots }],
  ['sixteen slots', { protocol: 'tcp', ports: [...fifteenSlots, 5003] }],
  ['inverted range', { protocol: 'tcp', ports: ['2000-1000'] }],
  ['inverted multiport range', { protocol: 'tcp', ports: [80, '2000-1000'] }],
  ['port above 65535', { protocol: 'tcp', ports: ['70000'] }],
  ['port without protocol', { ports: [22] }],
  ['port on icmp', { protocol: 'icmp', ports: [8] }],
  ['multiport on icmp', { protocol: 'icmp', ports: [8, 0] }],
];

const available = spawnSync('iptables-restore', ['--version'], { encoding: 'utf8' }).status === 0;

// CI runs as root with iptables installed, so a missing tool fails there instead of skipping.
describe.skipIf(!available && process.env.CI !== 'true')(
  'port rules against iptables-restore',
  () => {
    it.each(cases)('%s', async (_name, rule) => {
      const oracle = spawnSync('iptables-restore', ['--test'], {
        input: renderIptables(rule),
        encoding: 'utf8',
      });
      expect(oracle.error).toBeUndefined();
      const iptablesAccepts = oracle.status === 0;

      const invalid = await runRule('fw-invalid-port', renderYaml(rule));
      const tooMany = await runRule('fw-too-many-ports', renderYaml(rule));
      const findings = [...invalid.ruleFindings, ...tooMany.ruleFindings, ...invalid.otherFindings];
      expect(findings.length === 0, `iptables-restore: ${oracle.stderr.trim() || 'accepted'}`).toBe(
        iptablesAccepts,
      );
    });
  },
);
