import { describe, expect, it } from 'vitest';

import { describeVerdict, rejectKind } from '../../src/firewall/analysis/reject.js';

describe('rejectKind', () => {
  it.each([
    [undefined, undefined],
    [['--reject-with icmp-port-unreachable'], undefined],
    [['--reject-with icmp6-port-unreachable'], undefined],
    [['--reject-with port-unreach'], undefined],
    [['--reject-with tcp-reset'], 'tcp reset'],
    [['--reject-with icmp-net-unreachable'], 'icmpx no-route'],
    [['--reject-with icmp6-no-route'], 'icmpx no-route'],
    [['--reject-with icmp-host-unreachable'], 'icmpx host-unreachable'],
    [['--reject-with icmp6-addr-unreachable'], 'icmpx host-unreachable'],
    [['--reject-with icmp-admin-prohibited'], 'icmpx admin-prohibited'],
    [['--reject-with icmp6-adm-prohibited'], 'icmpx admin-prohibited'],
    [['--reject-with icmp-proto-unreachable'], 'icmp prot-unreachable'],
    [['--reject-with icmp-host-prohibited'], 'icmp host-prohibited'],
    [['--reject-with icmp6-policy-fail'], 'icmpv6 policy-fail'],
    [['--reject-with icmp-made-up'], 'icmp-made-up'],
    [['reject {"type":"tcp reset"}'], 'tcp reset'],
    [['reject {"expr":"port-unreachable","type":"icmp"}'], undefined],
    [['reject {"expr":"port-unreachable","type":"icmpx"}'], undefined],
    [['reject {"expr":4,"type":"icmpv6"}'], undefined],
    [['reject {"expr":"net-unreachable","type":"icmp"}'], 'icmpx no-route'],
    [['reject {"expr":"addr-unreachable","type":"icmpv6"}'], 'icmpx host-unreachable'],
    [['reject {"expr":"admin-prohibited","type":"icmpx"}'], 'icmpx admin-prohibited'],
    [['reject {"expr":13,"type":"icmp"}'], 'icmpx admin-prohibited'],
    [['reject {"expr":"net-prohibited","type":"icmp"}'], 'icmp net-prohibited'],
    [['reject {"expr":7,"type":"icmp"}'], 'icmp 7'],
  ])('%j is %s', (options, kind) => {
    expect(rejectKind(options)).toBe(kind);
  });
});

describe('describeVerdict', () => {
  it.each([
    ['accept', 4, 'accept'],
    ['reject', 4, 'reject with icmp port-unreachable'],
    ['reject', 6, 'reject with icmpv6 port-unreachable'],
    ['reject with icmpx no-route', 4, 'reject with icmp net-unreachable'],
    ['reject with icmpx host-unreachable', 6, 'reject with icmpv6 addr-unreachable'],
    ['reject with tcp reset', 6, 'reject with tcp reset'],
  ] as const)('%s for IPv%d', (verdict, family, text) => {
    expect(describeVerdict(verdict, family)).toBe(text);
  });
});
