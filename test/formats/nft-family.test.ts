/**
 * Address families in nftables. A chain of an `ip` table receives IPv4 packets only, one of an
 * `ip6` table IPv6 packets only. In an `inet` table a match on the `ip` or `ip6` header (or
 * `meta nfproto`) limits its rule to that family, because nft adds a `meta nfproto` match in
 * front of it (`nft --debug=netlink`, nftables 1.0.6). A ruleset with `ip` and `ip6` tables
 * compares family by family, each with its own chain.
 */
import { describe, expect, it } from 'vitest';

import { analyseModel, compilePolicy } from '../../src/firewall/analysis/index.js';
import { compareFirewallSides } from '../../src/firewall/drift.js';
import { iptablesFormat } from '../../src/formats/iptables.js';
import { nftTextFormat } from '../../src/formats/nft-text.js';
import type { FirewallPolicy } from '../../src/types/firewall.js';
import { parseText } from '../helpers/formats.js';

function table(family: string, rules: string[], policy = 'drop'): string {
  const body = rules.map((rule) => `\t\t${rule}\n`).join('');
  return `table ${family} filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy ${policy};\n${body}\t}\n}\n`;
}

function nft(text: string) {
  return parseText(nftTextFormat, text, 'ruleset.nft');
}

function policyOf(text: string): FirewallPolicy {
  return nft(text).documents[0]!.data as FirewallPolicy;
}

function compare(desired: string, live: string) {
  const side = (label: string, text: string) => ({ label, documents: nft(text).documents, texts: new Map<string, string>() });
  return compareFirewallSides(side('desired', desired), side('live', live)).map((difference) => `ipv${difference.family} ${difference.flow}`);
}

describe('nft rules limited to one family in an inet table', () => {
  it.each([
    ['ip protocol tcp tcp dport 22 accept', '0.0.0.0/0'],
    ['meta nfproto ipv4 tcp dport 22 accept', '0.0.0.0/0'],
    ['meta nfproto ipv6 tcp dport 22 accept', '::/0'],
    ['meta nfproto != ipv4 tcp dport 22 accept', '::/0'],
    ['ip6 nexthdr tcp tcp dport 22 accept', '::/0'],
  ])('reads `%s` as matching %s', (rule, source) => {
    const rules = policyOf(table('inet', [rule])).chains['inet/filter/input']?.rules;
    expect(rules?.[0]).toEqual({ action: 'accept', protocol: 'tcp', ports: 22, source });
  });

  it('keeps an address match as it is', () => {
    const rules = policyOf(table('inet', ['ip protocol tcp ip saddr 192.0.2.0/24 accept'])).chains['inet/filter/input']?.rules;
    expect(rules?.[0]).toEqual({ action: 'accept', protocol: 'tcp', source: '192.0.2.0/24' });
  });

  it('adds nothing in an ip table, which sees IPv4 only', () => {
    const rules = policyOf(table('ip', ['ip protocol tcp tcp dport 22 accept'])).chains['ip/filter/input']?.rules;
    expect(rules?.[0]).toEqual({ action: 'accept', protocol: 'tcp', ports: 22 });
  });

  it('reports IPv6 traffic opened by dropping the family match', () => {
    expect(compare(table('inet', ['ip protocol tcp tcp dport 22 accept']), table('inet', ['tcp dport 22 accept']))).toEqual(['ipv6 tcp from ::/0 to ::/0 port 22']);
  });

  it('compares `meta nfproto ipv4` equal to `ip protocol`', () => {
    expect(compare(table('inet', ['meta nfproto ipv4 tcp dport 22 accept']), table('inet', ['ip protocol tcp tcp dport 22 accept']))).toEqual([]);
  });

  it('compares an inet ICMP rule equal to the iptables rule of its family', () => {
    const iptables = parseText(iptablesFormat, '*filter\n:INPUT DROP [0:0]\n-A INPUT -p icmp -m icmp --icmp-type 8 -j ACCEPT\nCOMMIT\n', 'rules.v4');
    const side = (label: string, documents: typeof iptables.documents) => ({ label, documents, texts: new Map<string, string>() });
    const inet = nft(table('inet', ['icmp type echo-request accept']));
    expect(compareFirewallSides(side('desired', iptables.documents), side('live', inet.documents))).toEqual([]);
  });
});

describe('nft rulesets with ip and ip6 tables', () => {
  const both = (ipRules: string[], ip6Rules: string[]): string => table('ip', ipRules) + table('ip6', ip6Rules);

  it('gives each chain its family', () => {
    const chains = policyOf(both([], [])).chains;
    expect([chains['ip/filter/input']?.family, chains['ip6/filter/input']?.family]).toEqual(['ipv4', 'ipv6']);
    expect(policyOf(table('ip', [])).chains['ip/filter/input']?.family).toBeUndefined();
  });

  it('reports a rule added to the ip6 table', () => {
    expect(compare(both(['tcp dport 22 accept'], []), both(['tcp dport 22 accept'], ['tcp dport 22 accept']))).toEqual(['ipv6 tcp from ::/0 to ::/0 port 22']);
  });

  it('reports a rule added to the ip table', () => {
    expect(compare(both([], ['tcp dport 22 accept']), both(['tcp dport 22 accept'], ['tcp dport 22 accept']))).toEqual(['ipv4 tcp from 0.0.0.0/0 to 0.0.0.0/0 port 22']);
  });

  it('compares equal to one inet table that does the same', () => {
    expect(compare(both(['tcp dport 22 accept'], ['tcp dport 443 accept']), table('inet', ['ip protocol tcp tcp dport 22 accept', 'meta nfproto ipv6 tcp dport 443 accept']))).toEqual([]);
  });

  it('analyses each chain within its family', () => {
    const text = both(['drop', 'tcp dport 22 accept'], ['tcp dport 22 drop', 'tcp dport 22 accept']);
    const result = analyseModel(compilePolicy(policyOf(text)));
    const found = result.anomalies.map((anomaly) => [anomaly.kind, anomaly.rule.chain, anomaly.rule.index, anomaly.witness?.source]);
    // The ip chain's catch-all drop makes the rule after it unreachable, and the ip6 chain's
    // shadowed rule shows an IPv6 packet.
    expect(found).toEqual([
      ['afterTerminal', 'ip/filter/input', 1, undefined],
      ['shadowed', 'ip6/filter/input', 1, '::'],
    ]);
  });
});

describe('nft reject replies that add a match', () => {
  it('limits `reject with tcp reset` to tcp', () => {
    const rules = policyOf(table('inet', ['reject with tcp reset'], 'accept')).chains['inet/filter/input']?.rules;
    expect(rules?.[0]).toMatchObject({ action: 'reject', protocol: 'tcp' });
  });

  it('limits an icmp reply to IPv4 in an inet table', () => {
    const rules = policyOf(table('inet', ['tcp dport 9 reject with icmp type host-unreachable'], 'accept')).chains['inet/filter/input']?.rules;
    expect(rules?.[0]).toMatchObject({ action: 'reject', protocol: 'tcp', ports: 9, source: '0.0.0.0/0' });
  });

  it('lets other protocols pass a tcp reset', () => {
    // Every packet but tcp differs: the reset rule lets it through to the accept policy.
    expect(compare(table('inet', ['reject with tcp reset'], 'accept'), table('inet', ['reject'], 'accept'))).toEqual([
      'ipv4 any protocol except tcp from 0.0.0.0/0 to 0.0.0.0/0',
      'ipv4 tcp from 0.0.0.0/0 to 0.0.0.0/0',
      'ipv6 any protocol except tcp from ::/0 to ::/0',
      'ipv6 tcp from ::/0 to ::/0',
    ]);
  });
});
