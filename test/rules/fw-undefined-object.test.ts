import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('fw-undefined-object', [
  {
    name: 'every reference defined',
    text: `kind: firewall
management: mgmt-net
objects:
  addresses:
    mgmt-net: [198.51.100.0/26]
    admins: [mgmt-net, 203.0.113.50]
    web-vip: 203.0.113.10
  services:
    https: { protocol: tcp, ports: 443 }
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { action: jump, target: ssh-in, source: admins }
      - { action: accept, service: https, destination: [web-vip, 2001:db8::10] }
      - { action: drop, source: any }
  ssh-in:
    rules:
      - { action: accept, protocol: tcp, ports: 22 }
`,
    expected: [],
  },
  {
    name: 'misspelt source object',
    text: `kind: firewall
objects:
  addresses:
    mgmt-net: [198.51.100.0/26]
chains:
  input:
    hook: input
    rules:
      - action: accept
        protocol: tcp
        ports: 22
        source: [mgnt-net]
`,
    expected: [{ messageId: 'address', line: 12, data: { name: 'mgnt-net', hint: ' Did you mean `mgmt-net`?' } }],
  },
  {
    name: 'undefined destination, no close match',
    text: `kind: firewall
objects:
  addresses:
    web-vip: [203.0.113.10]
chains:
  forward:
    hook: forward
    rules:
      - { action: accept, protocol: tcp, ports: 25, destination: mail-relay }
`,
    expected: [{ messageId: 'address', line: 9, data: { name: 'mail-relay', hint: '' } }],
  },
  {
    name: 'undefined names in objects and management',
    text: `kind: firewall
management: [198.51.100.0/26, jump-hosts]
objects:
  addresses:
    admins:
      - office
      - 203.0.113.50
chains: {}
`,
    expected: [
      { messageId: 'address', line: 2, data: { name: 'jump-hosts' } },
      { messageId: 'address', line: 6, data: { name: 'office' } },
    ],
  },
  {
    name: 'undefined service object',
    text: `kind: firewall
objects:
  services:
    https: { protocol: tcp, ports: 443 }
    smtp: { protocol: tcp, ports: 25 }
chains:
  forward:
    hook: forward
    rules:
      - action: accept
        service:
          - smtp
          - htps
`,
    expected: [{ messageId: 'service', line: 13, data: { name: 'htps', hint: ' Did you mean `https`?' } }],
  },
  {
    name: 'missing jump and goto targets',
    text: `kind: firewall
chains:
  input:
    hook: input
    rules:
      - { action: jump, target: ssh_in }
      - action: goto
        target: logdrop
      - { action: jump }
  ssh-in:
    rules: []
`,
    expected: [
      { messageId: 'chain', line: 6, data: { action: 'jump', name: 'ssh_in', hint: ' Did you mean `ssh-in`?' } },
      { messageId: 'chain', line: 8, data: { action: 'goto', name: 'logdrop' } },
      { messageId: 'noTarget', line: 9, data: { action: 'jump' } },
    ],
  },
]);
