/**
 * nft adds a protocol dependency before `icmp type` and `icmpv6 type` matches, so they match
 * only ICMP or ICMPv6 packets, in every table family, as the iptables spellings do.
 */
import { describe, expect, it } from 'vitest';

import { compareFirewallSides } from '../../src/firewall/drift.js';
import { iptablesFormat } from '../../src/formats/iptables.js';
import { nftTextFormat } from '../../src/formats/nft-text.js';
import type { FirewallPolicy } from '../../src/types/firewall.js';
import { parseText } from '../helpers/formats.js';

const ruleset = (family: string, rule: string): string =>
  `table ${family} filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tct state established,related accept\n\t\t${rule}\n\t}\n}\n`;

function nftPolicy(family: string, rule: string): FirewallPolicy {
  return parseText(nftTextFormat, ruleset(family, rule), 'ruleset.nft').documents[0]!.data as FirewallPolicy;
}

/** Returns a side of a firewall comparison with the documents of one parsed file. */
function side(label: string, output: ReturnType<typeof parseText>) {
  return { label, documents: output.documents, texts: new Map<string, string>() };
}

describe('nft ICMP type matches', () => {
  it('imply ICMPv6 in an ip6 table', () => {
    const rules = nftPolicy('ip6', 'icmpv6 type nd-neighbor-solicit accept').chains['ip6/filter/input']?.rules;
    expect(rules?.[1]).toEqual({ action: 'accept', protocol: 'icmpv6', icmpType: 'nd-neighbor-solicit' });
  });

  it('imply ICMPv6 and IPv6 packets in an inet table', () => {
    const rules = nftPolicy('inet', 'icmpv6 type nd-neighbor-solicit accept').chains['inet/filter/input']?.rules;
    expect(rules?.[1]).toEqual({ action: 'accept', protocol: 'icmpv6', icmpType: 'nd-neighbor-solicit', source: '::/0' });
  });

  it('imply ICMP in an ip table', () => {
    const rules = nftPolicy('ip', 'icmp type echo-request accept').chains['ip/filter/input']?.rules;
    expect(rules?.[1]).toEqual({ action: 'accept', protocol: 'icmp', icmpType: 'echo-request' });
  });

  it('compare equal to the ip6tables spelling', () => {
    const ip6tables = parseText(
      iptablesFormat,
      '*filter\n:INPUT DROP [0:0]\n-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type echo-request -j ACCEPT\nCOMMIT\n',
      'rules.v6',
    );
    const nft = parseText(nftTextFormat, ruleset('ip6', 'icmpv6 type echo-request accept'), 'ruleset.nft');
    expect(compareFirewallSides(side('desired', ip6tables), side('live', nft))).toEqual([]);
  });
});
