import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { portSlots } from '../../src/firewall/ports.js';
import { ruleCases, runRule } from '../helpers/rule-tester.js';
import { sharedDir } from '../helpers/shared.js';

const sixteenPorts = Array.from({ length: 16 }, (_, index) => 8000 + index).join(', ');

ruleCases('fw-too-many-ports', [
  {
    name: 'fifteen slots with ranges',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - action: accept
        protocol: tcp
        ports: [21, 80, 443, 548, 873, 2049, 3306, "3240-3262", 3493, 111, 892, 5000, 5001, 5002]
`,
    expected: [],
  },
  {
    name: 'sixteen single ports',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { action: accept, protocol: tcp, ports: [${sixteenPorts}] }
`,
    expected: [{ messageId: 'tooMany', line: 7, data: { field: 'ports', slots: 16, max: 15 } }],
  },
  {
    name: 'ranges push the list over',
    text: `kind: firewall
chains:
  forward:
    hook: forward
    policy: drop
    rules:
      - action: accept
        protocol: udp
        sourcePorts:
          - "1000-1001"
          - "2000-2001"
          - "3000-3001"
          - "4000-4001"
          - "5000-5001"
          - "6000-6001"
          - "7000-7001"
          - 8000
          - 9000
`,
    expected: [{ messageId: 'tooMany', line: 18, data: { field: 'sourcePorts', slots: 16 } }],
  },
  {
    name: 'service object over the limit',
    text: `kind: firewall
objects:
  services:
    legacy-apps:
      protocol: tcp
      ports: ["8000-8001", "8010-8011", "8020-8021", "8030-8031", "8040-8041", "8050-8051", "8060-8061", "8070-8071"]
chains: {}
`,
    expected: [{ messageId: 'tooMany', line: 6, data: { slots: 16 } }],
  },
]);

/** Reads the `--dports` lists of multiport rules from an iptables-save dump, as driftgate port lists. */
function multiportLists(dump: string): string[][] {
  return [...dump.matchAll(/--dports (\S+)/g)].map((match) =>
    match[1]!.split(',').map((port) => port.replace(':', '-')),
  );
}

describe('fw-too-many-ports on a real NAS ruleset', () => {
  const dump = readFileSync(
    join(sharedDir, 'cases', '028-fw-synology-shadowed-rules', 'iptables-save.txt'),
    'utf8',
  );
  const longest = multiportLists(dump).sort((left, right) => right.length - left.length)[0]!;
  const documentWith = (ports: string[]): string =>
    `kind: firewall\nchains:\n  input:\n    hook: input\n    policy: drop\n    rules:\n      - action: drop\n        protocol: tcp\n        ports: ${JSON.stringify(ports)}\n`;

  it('accepts the 15-slot list iptables loaded', async () => {
    expect(longest).toContain('3240-3259');
    expect(longest.reduce((total, port) => total + portSlots(port), 0)).toBe(15);
    const { ruleFindings, otherFindings } = await runRule(
      'fw-too-many-ports',
      documentWith(longest),
    );
    expect(otherFindings).toEqual([]);
    expect(ruleFindings).toEqual([]);
  });

  it('reports the list with one more port', async () => {
    const { ruleFindings } = await runRule('fw-too-many-ports', documentWith([...longest, '8080']));
    expect(ruleFindings.map((finding) => finding.data)).toEqual([
      { field: 'ports', slots: 16, max: 15 },
    ]);
    expect(ruleFindings[0]?.line).toBe(9);
  });
});
