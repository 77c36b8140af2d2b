import { describe, expect, it } from 'vitest';

import { largestFamilyShare } from '../../rules/fw-newly-exposed-service.js';
import { ruleCases } from '../helpers/rule-tester.js';

const policy = (rules: string, chainPolicy = 'drop'): string => `kind: firewall
chains:
  input:
    hook: input
    policy: ${chainPolicy}
    rules:
      - { id: established, action: accept, state: [established, related] }
${rules}`;

const sshMgmt = '      - { id: ssh-mgmt, action: accept, protocol: tcp, ports: 22, source: 198.51.100.0/26 }\n';
const web = '      - { id: web, action: accept, protocol: tcp, ports: [80, 443] }\n';
const denyDb = '      - { id: deny-db, action: drop, protocol: tcp, ports: 3306 }\n';
const highPorts = '      - { id: high-ports, action: accept, protocol: tcp, ports: 1024-65535, source: 198.51.100.0/24 }\n';
const highPortsAny = '      - { id: high-ports, action: accept, protocol: tcp, ports: 1024-65535 }\n';
const onlySsh = { ports: [{ name: 'SSH', protocol: 'tcp', ports: 22 }] };

ruleCases('fw-newly-exposed-service', [
  {
    name: 'SSH opened to the world',
    base: policy(sshMgmt + web),
    text: policy(sshMgmt + web + '      - { id: ssh-all, action: accept, protocol: tcp, ports: 22 }\n'),
    expected: [
      {
        messageId: 'exposed',
        line: 10,
        data: { service: 'SSH', port: '22/tcp', rule: 'ssh-all', chain: 'input', sources: '0.0.0.0/0 except 198.51.100.0/26, ::/0' },
      },
    ],
  },
  {
    name: 'SSH source narrowed',
    base: policy(sshMgmt + web),
    text: policy(sshMgmt.replace('198.51.100.0/26', '198.51.100.0/28') + web),
    expected: [],
  },
  {
    name: 'SSH widened to one more network',
    base: policy(sshMgmt + web),
    text: policy(sshMgmt.replace('198.51.100.0/26', '[198.51.100.0/26, 203.0.113.0/24]') + web),
    expected: [],
  },
  {
    name: 'deny in front of a port range removed',
    base: policy(denyDb + highPortsAny),
    text: policy(highPortsAny),
    expected: [{ messageId: 'exposed', line: 8, data: { service: 'MySQL', port: '3306/tcp', rule: 'high-ports', sources: 'any' } }],
  },
  {
    name: 'deny moved behind the accept',
    base: policy(denyDb + highPortsAny),
    text: policy(highPortsAny + denyDb),
    expected: [{ messageId: 'exposed', line: 8, data: { service: 'MySQL', rule: 'high-ports' } }],
  },
  {
    name: 'reorder without effect',
    base: policy(sshMgmt + denyDb + web),
    text: policy(web + sshMgmt + denyDb),
    expected: [],
  },
  {
    name: 'range opened to one network only',
    base: policy(denyDb + highPorts),
    text: policy(highPorts),
    expected: [],
  },
  {
    name: 'chain policy turned to accept',
    base: policy(sshMgmt + web),
    text: policy(sshMgmt + web, 'accept'),
    options: onlySsh,
    expected: [{ messageId: 'exposedByPolicy', line: 5, data: { service: 'SSH', chain: 'input', sources: '0.0.0.0/0 except 198.51.100.0/26, ::/0' } }],
  },
  {
    name: 'accept policy behind an SSH drop',
    base: policy(sshMgmt + web),
    text: policy(sshMgmt + '      - { id: drop-ssh, action: drop, protocol: tcp, ports: 22 }\n' + web, 'accept'),
    options: onlySsh,
    expected: [],
  },
  {
    name: 'half the IPv4 space',
    base: policy(web),
    text: policy(web + '      - { id: ssh-half, action: accept, protocol: tcp, ports: 22, source: 0.0.0.0/1 }\n'),
    expected: [{ messageId: 'exposed', line: 9, data: { rule: 'ssh-half', sources: '0.0.0.0/1' } }],
  },
  {
    name: 'half the IPv4 space with a higher threshold',
    base: policy(web),
    text: policy(web + '      - { id: ssh-half, action: accept, protocol: tcp, ports: 22, source: 0.0.0.0/1 }\n'),
    options: { minShare: 0.75 },
    expected: [],
  },
  {
    name: 'IPv6 world opened',
    base: policy(web),
    text: policy(web + '      - { id: ssh-v6, action: accept, protocol: tcp, ports: 22, source: "::/0" }\n'),
    expected: [{ messageId: 'exposed', line: 9, data: { rule: 'ssh-v6', sources: '::/0' } }],
  },
  {
    name: 'loopback accept added',
    base: policy(web),
    text: policy('      - { id: loopback, action: accept, inInterface: lo }\n' + web),
    expected: [],
  },
  {
    name: 'port outside the table',
    base: policy(web),
    text: policy(web + '      - { id: app, action: accept, protocol: tcp, ports: 8443 }\n'),
    expected: [],
  },
  {
    name: 'established traffic only',
    base: policy(web),
    text: policy(web + '      - { id: ssh-replies, action: accept, protocol: tcp, ports: 22, state: [established] }\n'),
    expected: [],
  },
]);

describe('largestFamilyShare', () => {
  it('measures each family apart', () => {
    expect(largestFamilyShare([[0n, (1n << 32n) - 1n]])).toBe(1);
    expect(largestFamilyShare([[0n, (1n << 31n) - 1n]])).toBe(0.5);
    expect(largestFamilyShare([[1n << 32n, (1n << 32n) + (1n << 126n) - 1n]])).toBe(0.25);
    expect(largestFamilyShare([])).toBe(0);
  });
});
