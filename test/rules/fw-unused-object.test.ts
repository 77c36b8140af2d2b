import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('fw-unused-object', [
  {
    name: 'objects used by rules, objects and management',
    text: `kind: firewall
management: mgmt-net
objects:
  addresses:
    mgmt-net: [198.51.100.0/26]
    noc: [198.51.100.64/27]
    admins: [noc, 203.0.113.50]
    web-vip: [203.0.113.10]
  services:
    https: { protocol: tcp, ports: 443 }
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { action: accept, protocol: tcp, ports: 22, source: admins }
  forward:
    hook: forward
    policy: drop
    rules:
      - { action: accept, service: [https], destination: web-vip }
`,
    expected: [],
  },
  {
    name: 'unused address object',
    text: `kind: firewall
objects:
  addresses:
    web-vip: [203.0.113.10]
    old-web-vip: [203.0.113.20]
chains:
  forward:
    hook: forward
    policy: drop
    rules:
      - { action: accept, protocol: tcp, ports: 443, destination: web-vip }
`,
    expected: [{ messageId: 'address', line: 5, data: { name: 'old-web-vip' } }],
  },
  {
    name: 'unused service object',
    text: `kind: firewall
objects:
  services:
    smtp:
      protocol: tcp
      ports: 25
    submission:
      protocol: tcp
      ports: 587
chains:
  forward:
    hook: forward
    policy: drop
    rules:
      - { action: accept, service: smtp }
`,
    expected: [{ messageId: 'service', line: 7, data: { name: 'submission' } }],
  },
  {
    name: 'object that only lists itself',
    text: `kind: firewall
objects:
  addresses:
    loop: [loop, 192.0.2.1]
chains: {}
`,
    expected: [{ messageId: 'address', line: 4, data: { name: 'loop' } }],
  },
]);
