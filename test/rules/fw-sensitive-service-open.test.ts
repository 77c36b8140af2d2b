import { describe, expect, it } from 'vitest';

import { ruleCases, runRule } from '../helpers/rule-tester.js';

/** Returns an nft ruleset that accepts the ports of a named set, 22 and 443, for one protocol on line 8. */
function portSetRuleset(protocol: string): string {
  return `table inet filter {
\tset admin {
\t\ttype inet_service
\t\telements = { 22, 443 }
\t}
\tchain input {
\t\ttype filter hook input priority filter; policy drop;
\t\t${protocol} dport @admin accept
\t}
}
`;
}

ruleCases('fw-sensitive-service-open', [
  {
    name: 'plain Docker API open to all is an error',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { action: accept, state: [established, related] }
      - { id: docker, action: accept, protocol: tcp, ports: 2375 }
      - { id: docker-tls, action: accept, protocol: tcp, ports: 2376 }
`,
    expected: [
      { messageId: 'open', line: 8, severity: 'error', data: { rule: 'docker', service: 'Docker API' } },
      { messageId: 'open', line: 9, severity: 'warning', data: { rule: 'docker-tls', service: 'Docker API (TLS)' } },
    ],
  },
  {
    name: 'restricted sensitive services',
    text: `kind: firewall
objects:
  addresses:
    mgmt-net: [198.51.100.0/26]
    monitoring: [198.51.100.10]
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { action: accept, state: [established, related] }
      - { action: accept, inInterface: lo }
      - { action: accept, inInterface: lo, protocol: tcp, ports: 6379 }
      - { action: accept, protocol: tcp, ports: 22, source: mgmt-net }
      - { action: accept, protocol: udp, ports: 161, source: monitoring }
      - { action: accept, protocol: tcp, ports: 161 }
      - { action: accept, protocol: tcp, ports: [80, 443, "8000-8080"] }
      - { action: accept, protocol: tcp, ports: 22, state: [established] }
      - { action: drop, protocol: tcp, ports: 3306 }
      - { action: accept, protocol: icmp, icmpType: echo-request }
      - { action: accept, inInterface: eth1 }
  output:
    hook: output
    policy: accept
    rules:
      - { action: accept, protocol: tcp, ports: 22 }
`,
    expected: [],
  },
  {
    name: 'SSH from any source',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - id: ssh
        action: accept
        protocol: tcp
        ports:
          - 443
          - 22
`,
    expected: [{ messageId: 'open', line: 12, data: { rule: 'ssh', service: 'SSH', port: '22/tcp', source: 'any source' } }],
  },
  {
    name: 'range covering two services',
    text: `kind: firewall
objects:
  addresses:
    internet: [0.0.0.0/0, "::/0"]
chains:
  forward:
    hook: forward
    policy: drop
    rules:
      - { id: app, action: accept, protocol: 6, ports: "3300-3400", source: internet, destination: 203.0.113.20 }
`,
    expected: [
      { messageId: 'open', line: 10, data: { services: 'MySQL (3306/tcp), RDP (3389/tcp)', service: 'MySQL', port: '3306/tcp' } },
    ],
  },
  {
    name: 'service object with a sensitive port',
    text: `kind: firewall
objects:
  services:
    https: { protocol: tcp, ports: 443 }
    db: { protocol: tcp, ports: [5432, "27017"] }
chains:
  input:
    hook: input
    policy: drop
    rules:
      - action: accept
        source: any
        service:
          - https
          - db
`,
    expected: [{ messageId: 'open', line: 15, data: { services: 'PostgreSQL (5432/tcp), MongoDB (27017/tcp)' } }],
  },
  {
    name: 'every tcp port from any source',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - id: tcp-all
        action: accept
        protocol: tcp
`,
    expected: [{ messageId: 'allPorts', line: 9, data: { rule: 'tcp-all', protocol: 'tcp' } }],
  },
  {
    name: 'user chain behind an open jump',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { action: jump, target: tcp-in, protocol: tcp }
      - { action: jump, target: web-only, protocol: tcp, ports: [80, 443] }
      - { action: jump, target: admin, source: 198.51.100.0/26 }
  tcp-in:
    rules:
      - { action: accept, protocol: tcp, ports: 6443 }
  web-only:
    rules:
      - { action: accept, protocol: tcp, ports: "1-1024" }
  admin:
    rules:
      - { action: accept, protocol: tcp, ports: 22 }
  unused:
    rules:
      - { action: accept, protocol: tcp, ports: 3389 }
`,
    expected: [{ messageId: 'open', line: 12, data: { service: 'Kubernetes API', port: '6443/tcp' } }],
  },
  {
    name: 'NAS chain behind unconditional jumps',
    text: `kind: firewall
chains:
  INPUT:
    hook: input
    policy: accept
    rules:
      - { action: jump, target: DEFAULT_INPUT }
  DEFAULT_INPUT:
    rules:
      - { action: accept, inInterface: lo }
      - { action: accept, state: [established, related] }
      - { action: accept, protocol: tcp, ports: 22 }
      - { action: drop, protocol: tcp, ports: [22, 23] }
      - { action: accept, source: 192.0.2.0/24 }
      - { action: drop }
`,
    expected: [{ messageId: 'open', line: 12, data: { service: 'SSH', port: '22/tcp' } }],
  },
  {
    name: 'SNMP over udp only',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { action: accept, protocol: tcp, ports: 161 }
      - { action: accept, protocol: udp, ports: [161] }
`,
    expected: [{ messageId: 'open', line: 8, data: { service: 'SNMP', port: '161/udp' } }],
  },
  {
    name: 'negated source',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { action: accept, protocol: tcp, ports: 23, source: 198.51.100.0/26, sourceNot: true }
`,
    expected: [{ messageId: 'open', line: 7, data: { service: 'Telnet' } }],
  },
  {
    name: 'allowFrom reports other sources',
    options: { allowFrom: ['198.51.100.0/26', '2001:db8:100::/48'] },
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { action: accept, protocol: tcp, ports: 22, source: [198.51.100.0/27, "2001:db8:100:1::/64"] }
      - { action: accept, protocol: tcp, ports: 22, source: 203.0.113.0/24 }
`,
    expected: [{ messageId: 'open', line: 8, data: { source: 'sources outside `allowFrom`' } }],
  },
  {
    name: 'custom sensitive port list',
    options: { ports: [{ name: 'Grafana', protocol: 'tcp', ports: 3000 }] },
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { action: accept, protocol: tcp, ports: [22, 3000] }
`,
    expected: [{ messageId: 'open', line: 7, data: { services: 'Grafana (3000/tcp)' } }],
  },
  {
    name: 'nft port set opened for tcp',
    file: 'ruleset.nft',
    text: portSetRuleset('tcp'),
    expected: [{ messageId: 'open', line: 8, data: { service: 'SSH', port: '22/tcp' } }],
  },
  {
    name: 'nft port set opened for udp only',
    file: 'ruleset.nft',
    text: portSetRuleset('udp'),
    expected: [],
  },
]);

describe('fw-sensitive-service-open related locations', () => {
  it('points at the port inside the service object', async () => {
    const text = `kind: firewall
objects:
  services:
    db:
      protocol: tcp
      ports:
        - 5432
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { action: accept, service: db }
`;
    const { ruleFindings } = await runRule('fw-sensitive-service-open', text);
    expect(ruleFindings).toHaveLength(1);
    expect(ruleFindings[0]?.line).toBe(13);
    expect(ruleFindings[0]?.path).toBe('chains.input.rules[0].service');
    expect(ruleFindings[0]?.related).toEqual([
      { file: 'case.yaml', line: 7, column: 11, message: 'port 5432 of service `db`' },
    ]);
  });
});
