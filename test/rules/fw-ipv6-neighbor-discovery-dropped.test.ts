import { ruleCases } from '../helpers/rule-tester.js';

/** Returns an input chain that drops by default, with `rules` after SSH from the office. */
function input(rules: string[], family = 'ipv6', policy = 'drop'): string {
  return [
    'kind: firewall',
    `family: ${family}`,
    'chains:',
    '  input:',
    '    hook: input',
    `    policy: ${policy}`,
    '    rules:',
    '      - { id: established, action: accept, state: [established, related] }',
    '      - { id: ssh, action: accept, protocol: tcp, ports: 22, source: 2001:db8:100::/64 }',
    ...rules.map((rule) => `      - ${rule}`),
    '',
  ].join('\n');
}

ruleCases('fw-ipv6-neighbor-discovery-dropped', [
  {
    name: 'IPv6 input without ICMPv6',
    text: input([]),
    expected: [{ messageId: 'dropped', line: 6, data: { chain: 'input', type: '135' } }],
  },
  {
    name: 'loopback accept does not count',
    text: input(['{ id: loopback, action: accept, inInterface: lo }']),
    expected: [{ messageId: 'dropped', line: 6 }],
  },
  {
    name: 'solicitations but no advertisements',
    text: input(['{ id: solicit, action: accept, protocol: icmpv6, icmpType: nd-neighbor-solicit }']),
    expected: [{ messageId: 'dropped', line: 6, data: { type: '136' } }],
  },
  {
    name: 'ICMPv6 dropped before accepted',
    text: input(['{ id: no-icmp, action: drop, protocol: icmpv6 }', '{ id: icmp, action: accept, protocol: icmpv6 }']),
    expected: [{ messageId: 'dropped', line: 6 }],
  },
  {
    name: 'all ICMPv6 accepted',
    text: input(['{ id: icmp, action: accept, protocol: icmpv6 }']),
    expected: [],
  },
  {
    name: 'neighbor discovery accepted',
    text: input(['{ id: solicit, action: accept, protocol: icmpv6, icmpType: nd-neighbor-solicit }', '{ id: advert, action: accept, protocol: icmpv6, icmpType: nd-neighbor-advert }']),
    expected: [],
  },
  {
    name: 'untracked packets accepted',
    text: input(['{ id: untracked, action: accept, state: [untracked] }']),
    expected: [],
  },
  {
    name: 'policy accept',
    text: input([], 'ipv6', 'accept'),
    expected: [],
  },
  {
    name: 'IPv4 ruleset',
    text: input([], 'ipv4').replace('2001:db8:100::/64', '192.0.2.0/24'),
    expected: [],
  },
  {
    name: 'dual-stack ruleset naming IPv6',
    text: input([], 'inet'),
    expected: [{ messageId: 'dropped', line: 6 }],
  },
  {
    name: 'dual-stack ruleset without IPv6',
    text: input([], 'inet').replace('2001:db8:100::/64', '192.0.2.0/24'),
    expected: [],
  },
]);
