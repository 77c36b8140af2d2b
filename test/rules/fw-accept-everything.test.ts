import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('fw-accept-everything', [
  {
    name: 'narrowed accept rules',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { action: accept, state: [established, related] }
      - { action: accept, inInterface: lo }
      - { action: accept, source: 198.51.100.0/26 }
      - { action: accept, protocol: icmp }
      - { action: accept, unmodeled: ["-m mark --mark 0x1"] }
      - { action: drop }
  forward:
    hook: forward
    policy: drop
    rules:
      - { action: accept, destination: 203.0.113.10, protocol: tcp, ports: 443 }
      - { action: accept, source: 0.0.0.0/0, sourceNot: true }
  output:
    hook: output
    policy: drop
    rules:
      - { action: accept }
  prerouting:
    hook: prerouting
    table: nat
    rules:
      - { action: accept }
  nat-input:
    hook: input
    table: nat
    rules:
      - { action: accept }
`,
    expected: [],
  },
  {
    name: 'unconditional accept in input',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: established, action: accept, state: [established, related] }
      - id: temporary-debug
        action: accept
      - { action: accept, protocol: tcp, ports: 22 }
`,
    expected: [{ messageId: 'acceptAll', line: 8, data: { rule: 'temporary-debug', chain: 'input', hook: 'input', consequence: ', so the rules after it never run' } }],
  },
  {
    name: 'any source and destination in forward',
    text: `kind: firewall
objects:
  addresses:
    everyone: [0.0.0.0/0, "::/0"]
chains:
  forward:
    hook: forward
    policy: drop
    rules:
      - { action: accept, source: any, destination: everyone, protocol: all }
`,
    expected: [{ messageId: 'acceptAll', line: 10, data: { rule: 'forward[0]', hook: 'forward', consequence: ', so the chain filters nothing' } }],
  },
]);
