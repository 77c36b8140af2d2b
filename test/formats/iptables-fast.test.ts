/**
 * The fast path for common rules (CommonRuleParser) must give exactly what RuleParser gives:
 * the same rule, family and field columns. Every rule it accepts is parsed by both here, from
 * the fixtures and from random word sequences, and the common shapes must take the fast path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { CommonRuleParser, Words } from '../../src/formats/iptables-fast.js';
import { RuleParser, SpanStore, Tokenizer } from '../../src/formats/iptables-rule.js';
import type { ParsedRule, RuleContext } from '../../src/formats/iptables-rule.js';
import { packageRoot } from '../../src/paths.js';
import type { IpVersion } from '../../src/util/ip.js';

const userChains = new Set(['web', 'svc1', 'LOGDROP']);
const builtinChains = new Set(['INPUT', 'FORWARD', 'OUTPUT', 'PREROUTING', 'POSTROUTING']);

function context(table: string, family: IpVersion | undefined): RuleContext {
  return {
    line: 7,
    table,
    family,
    ruleColumn: 1,
    ruleEndColumn: 200,
    isUserChain: (name) => userChains.has(name),
    isBuiltinChain: (name) => builtinChains.has(name),
    spans: new SpanStore(),
  };
}

/** Returns the rule, family and the columns of every field and list entry of a parsed rule. */
function described(parsed: ParsedRule, spans: SpanStore): unknown {
  const columns: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(parsed.rule)) {
    columns[field] = spans.find(parsed.offset, field, -1);
    if (Array.isArray(value)) value.forEach((_, index) => (columns[`${field}.${index}`] = spans.find(parsed.offset, field, index)));
  }
  return { rule: parsed.rule, family: parsed.family, problems: parsed.problems, position: spans.rule(parsed.offset), columns };
}

/**
 * Parses the words of a rule (after `-A CHAIN`) with both parsers. Returns the fast result
 * (undefined when it gave up) and RuleParser's, after checking that they agree.
 */
function both(spec: string, table = 'filter', family?: IpVersion): { fast?: unknown; full: unknown } {
  const { tokens, problem } = new Tokenizer().tokenize(spec, 7);
  const words = new Words();
  // The fast path reads the words from the text of the line, and splits them the same way.
  expect(words.split(spec, 0, 0, spec.length), spec).toBe(problem === undefined);
  if (problem) return { full: problem };
  expect(Array.from({ length: words.count }, (_, word) => ({ text: words.text(word), column: words.column(word), endColumn: words.endColumn(word), quoted: words.isQuoted(word) })), spec).toEqual(tokens.map((token) => ({ ...token })));
  const fastContext = context(table, family);
  const fullContext = context(table, family);
  const fast = new CommonRuleParser(fastContext).parse(words, 0);
  const full = new RuleParser(fullContext).parse(tokens, 0);
  const fullDescribed = described(full, fullContext.spans);
  if (!fast) return { full: fullDescribed };
  const fastDescribed = described(fast, fastContext.spans);
  expect(fastDescribed, spec).toEqual(fullDescribed);
  return { fast: fastDescribed, full: fullDescribed };
}

const common = [
  '-s 198.51.100.7/32 -p tcp -m tcp --dport 1024 -m conntrack --ctstate NEW -j ACCEPT',
  '-d 198.51.100.0/24 -p udp -m multiport --dports 53,123,2000:3000 -j ACCEPT',
  '-s 203.0.113.9/32 -m comment --comment "rule 2 \\"quoted\\"" -j DROP',
  '-p icmp -m icmp --icmp-type 8 -m limit --limit 5/sec -j LOG --log-prefix "icmp 3: " --log-level 6',
  '! -s 192.0.2.1/32 -p tcp -m tcp --sport 99 -j REJECT --reject-with tcp-reset',
  '-i eth0 -j web',
  '-o wg+ -p udp -m udp --sport 53: -m state --state ESTABLISHED,RELATED -j RETURN',
  '-p tcp -m tcp --dport 22 -m recent --update --seconds 60 --name ssh -j DROP',
];

describe('iptables CommonRuleParser', () => {
  it('takes common shapes', () => {
    for (const spec of common) {
      expect(both(spec).fast, spec).toBeDefined();
    }
  });

  it('splits the lines of one text like Tokenizer, in any order', () => {
    const lines = ['-A INPUT -s 192.0.2.1/32 -j ACCEPT', '-A web\t-m comment --comment "a b\\" c" -j DROP', '  -j  LOG   --log-prefix x\\ y ', '"open -j', '-A INPUT -p tcp'];
    const text = lines.join('\n');
    const starts = lines.map((_, index) => lines.slice(0, index).join('\n').length + (index > 0 ? 1 : 0));
    const words = new Words();
    for (const order of [[0, 1, 2, 3, 4], [4, 2, 0, 3, 1], [1, 1, 0, 4, 4]]) {
      for (const index of order) {
        const line = lines[index] as string;
        const start = starts[index] as number;
        const { tokens, problem } = new Tokenizer().tokenize(line, 1);
        expect(words.split(text, start, start, start + line.length), line).toBe(problem === undefined);
        if (problem) continue;
        const split = Array.from({ length: words.count }, (_, word) => ({ text: words.text(word), column: words.column(word), endColumn: words.endColumn(word), quoted: words.isQuoted(word) }));
        expect(split, line).toEqual(tokens.map((token) => ({ ...token })));
      }
    }
  });

  it('gives up on uncommon rules', () => {
    for (const spec of ['-p tcp --dport 22 -j ACCEPT', '! -p tcp -j ACCEPT', '-s host.example -j ACCEPT', '--source 192.0.2.1 -j ACCEPT', '-p tcp -m tcp --dport ssh -j ACCEPT', '-g web', '-s 2001:db8::1/128 -j ACCEPT', '-j INPUT', '-p tcp -m tcp --dport 99999 -j ACCEPT']) {
      expect(both(spec).fast, spec).toBeUndefined();
    }
  });

  it('agrees on fixture rules', () => {
    const folder = join(packageRoot, 'test', 'fixtures', 'iptables');
    let fastCount = 0;
    for (const name of readdirSync(folder)) {
      for (const line of readFileSync(join(folder, name), 'utf8').split('\n')) {
        const match = /^(?:\[\d+:\d+\] )?-A \S+ (.*)$/.exec(line);
        if (!match) continue;
        const family: IpVersion = name.endsWith('.ip6tables') ? 6 : 4;
        if (both(match[1] as string, 'filter', family).fast) fastCount += 1;
        both(match[1] as string, 'nat');
      }
    }
    expect(fastCount).toBeGreaterThan(20);
  });

  it('agrees on random words', () => {
    const words = [
      '!', '-s', '-d', '-p', '-i', '-o', '-m', '-j', '-g', '-f', '--source', '--dport', '--dports', '--sport', '--sports', '--ports',
      '--ctstate', '--state', '--comment', '--icmp-type', '--icmpv6-type', '--log-prefix', '--log-level', '--reject-with', '--limit',
      '--to-destination', '--tcp-flags', '--syn', '--mark', 'tcp', 'udp', 'icmp', 'all', '6', 'TCP', 'multiport', 'conntrack', 'state',
      'comment', 'limit', 'mark', 'icmp6', 'recent', 'set', 'ACCEPT', 'DROP', 'RETURN', 'LOG', 'REJECT', 'DNAT', 'MASQUERADE', 'web',
      'INPUT', 'nope', '22', '0', '65536', '1:2', '3:', ':4', '5:1', '53,80,1000:2000', '1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16', 'ssh',
      'NEW', 'ESTABLISHED,NEW', 'new', 'DNAT', 'SNAT,NEW', '8', 'echo-request', 'any', '3/4', '198.51.100.7', '198.51.100.7/24', '0.0.0.0/0',
      '10.0.0.1/255.0.0.0', '198.51.100.0/33', '01.2.3.4', '2001:db8::/32', '192.0.2.1,192.0.2.2', 'eth0', 'averyveryverylongname', '"a b"',
      '"!"', '"-j"', 'info', 'warning', '9', 'tcp-rst', 'icmp-port-unreachable', '5/sec', 'SYN,ACK', 'SYN', '0x1', '192.0.2.1:80',
      '\\!', '-\\s', 'AC\\CEPT', '"a\\" b"', '8\\', '"open', '"tcp"', '\t',
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...words), { maxLength: 14 }),
        fc.constantFrom('filter', 'nat'),
        fc.constantFrom<IpVersion | undefined>(undefined, 4, 6),
        (spec, table, family) => {
          both(spec.join(' '), table, family);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('agrees on random option groups', () => {
    const groups = [
      '-s 198.51.100.7/32', '! -s 198.51.100.0/24', '-d 203.0.113.0/25', '! -d 203.0.113.1', '-s 10.1.2.3/8', '-p tcp', '-p udp',
      '-p icmp', '-p 17', '-p all', '-i eth0', '-o wg+', '-m tcp --dport 22', '-m tcp --sport 1024:', '-m udp --dport 53',
      '-m multiport --dports 80,443', '-m multiport --sports 1:2,3', '-m conntrack --ctstate NEW', '-m conntrack --ctstate DNAT',
      '-m state --state ESTABLISHED,RELATED', '-m comment --comment "a \\"b\\""', '-m comment --comment x', '-m icmp --icmp-type 8',
      '-m icmp --icmp-type echo-request', '-m icmp --icmp-type any', '-m limit --limit 5/sec --limit-burst 9', '-m mark --mark 0x1',
      '-m recent --set', '-m tcp --tcp-flags SYN,ACK SYN', '-m tcp --syn', '-j ACCEPT', '-j DROP', '-j web', '-j LOG --log-prefix "x: "',
      '-j LOG --log-level warning', '-j LOG --log-level info', '-j REJECT --reject-with tcp-rst', '-j REJECT --reject-with icmp-port-unreachable',
      '-j MASQUERADE', '-j DNAT --to-destination 192.0.2.1:80', '-j MARK --set-mark 1', '--dport 22', '-m set --match-set s src',
    ];
    let fastCount = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...groups), { minLength: 1, maxLength: 7 }), fc.constantFrom('filter', 'nat'), (spec, table) => {
        if (both(spec.join(' '), table).fast) fastCount += 1;
      }),
      { numRuns: 5000 },
    );
    expect(fastCount).toBeGreaterThan(250);
  });
});
