import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('fw-invalid-port', [
  {
    name: 'valid ports, ranges and service objects',
    text: `kind: firewall
objects:
  services:
    dns: { protocol: udp, ports: 53 }
    passive-ftp: { protocol: tcp, ports: "30000-30100", sourcePorts: "1024-65535" }
    ping: { protocol: icmp, icmpType: echo-request }
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { action: accept, protocol: tcp, ports: [22, 80, "8000-8080", "0-65535"] }
      - { action: accept, protocol: 6, ports: 443 }
      - { action: accept, protocol: sctp, ports: 3868 }
      - { action: accept, service: [dns, passive-ftp, ping] }
`,
    expected: [],
  },
  {
    name: 'inverted range in a rule',
    text: `kind: firewall
chains:
  input:
    hook: input
    rules:
      - action: accept
        protocol: tcp
        ports:
          - 443
          - "2000-1000"
`,
    expected: [{ messageId: 'inverted', line: 10, data: { value: '2000-1000' } }],
  },
  {
    name: 'port above 65535 as text and as range end',
    text: `kind: firewall
chains:
  forward:
    hook: forward
    rules:
      - { action: accept, protocol: udp, ports: ["70000"] }
      - { action: accept, protocol: tcp, sourcePorts: "1024-65536" }
`,
    expected: [
      { messageId: 'tooLarge', line: 6, data: { value: '70000', max: 65535 } },
      { messageId: 'tooLarge', line: 7, data: { value: '1024-65536' } },
    ],
  },
  {
    name: 'ports on icmp and protocol any',
    text: `kind: firewall
chains:
  input:
    hook: input
    rules:
      - action: accept
        protocol: icmp
        ports: 8
      - { action: drop, protocol: all, ports: 25 }
`,
    expected: [
      { messageId: 'protocolWithoutPorts', line: 8, data: { field: 'ports', protocol: 'icmp' } },
      { messageId: 'protocolWithoutPorts', line: 9, data: { protocol: 'any' } },
    ],
  },
  {
    name: 'ports without a protocol',
    text: `kind: firewall
chains:
  input:
    hook: input
    rules:
      - action: accept
        source: 198.51.100.0/26
        ports: [22]
`,
    expected: [{ messageId: 'noProtocol', line: 8, data: { field: 'ports' } }],
  },
  {
    name: 'service objects with bad ports',
    text: `kind: firewall
objects:
  services:
    traceroute:
      protocol: icmp
      ports: "33434-33534"
    backup:
      protocol: tcp
      ports: ["9103-9101"]
chains: {}
`,
    expected: [
      { messageId: 'protocolWithoutPorts', line: 6, data: { protocol: 'icmp' } },
      { messageId: 'inverted', line: 9, data: { value: '9103-9101' } },
    ],
  },
]);
