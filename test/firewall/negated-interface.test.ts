/**
 * Negated interfaces (`! -i eth0`, nft `iifname != "eth0"`) match every interface except the
 * named ones, so removing such a rule is a difference and the two spellings compare equal.
 */
import { describe, expect, it } from 'vitest';

import { analyseModel, compilePolicy, queryChain } from '../../src/firewall/analysis/index.js';
import { compareFirewallSides } from '../../src/firewall/drift.js';
import { iptablesFormat } from '../../src/formats/iptables.js';
import { nftTextFormat } from '../../src/formats/nft-text.js';
import type { FirewallPolicy } from '../../src/types/firewall.js';
import { parseText } from '../helpers/formats.js';

const dump = (rules: string[]): string => ['*filter', ':INPUT ACCEPT [0:0]', ...rules, 'COMMIT', ''].join('\n');

function documents(text: string) {
  return text.startsWith('table') ? parseText(nftTextFormat, text, 'ruleset.nft').documents : parseText(iptablesFormat, text, 'rules.v4').documents;
}

function compare(desired: string, live: string): string[] {
  const side = (label: string, text: string) => ({ label, documents: documents(text), texts: new Map<string, string>() });
  return compareFirewallSides(side('desired', desired), side('live', live)).map((difference) => difference.flow);
}

const dropOffEth0 = dump(['-A INPUT ! -i eth0 -p tcp --dport 22 -j DROP']);

describe('negated interfaces', () => {
  it('reports a removed rule', () => {
    expect(compare(dropOffEth0, dump([]))).toEqual(['tcp from 0.0.0.0/0 to 0.0.0.0/0 port 22 in any interface except eth0']);
  });

  it('equals the same rule spelled as an exception', () => {
    expect(compare(dropOffEth0, dump(['-A INPUT -i eth0 -p tcp --dport 22 -j ACCEPT', '-A INPUT -p tcp --dport 22 -j DROP']))).toEqual([]);
  });

  it('equals the nft spelling', () => {
    const nft = 'table ip filter {\n\tchain INPUT {\n\t\ttype filter hook input priority filter; policy accept;\n\t\tiifname != "eth0" tcp dport 22 drop\n\t}\n}\n';
    expect(compare(dropOffEth0, nft)).toEqual([]);
  });

  it('decides a packet by its interface', () => {
    const model = compilePolicy(documents(dropOffEth0)[0]!.data as FirewallPolicy);
    const packet = (inInterface: string) => ({ protocol: 6, source: '192.0.2.1', destination: '192.0.2.2', sourcePort: 40000, destinationPort: 22, icmpType: 0, state: 'new' as const, inInterface, outInterface: 'eth9' });
    expect(queryChain(model, 'INPUT', packet('eth1')).verdict).toBe('drop');
    expect(queryChain(model, 'INPUT', packet('eth0')).verdict).toBe('accept');
  });

  it('treats the drop of spoofed loopback sources as an opening rule', () => {
    const text = ['*filter', ':INPUT DROP [0:0]', '-A INPUT -i lo -j ACCEPT', '-A INPUT -s 127.0.0.0/8 ! -i lo -j DROP', '-A INPUT -p tcp --dport 22 -j ACCEPT', 'COMMIT', ''].join('\n');
    const result = analyseModel(compilePolicy(documents(text)[0]!.data as FirewallPolicy));
    expect(result.anomalies.filter((anomaly) => anomaly.kind === 'correlated')).toEqual([]);
  });
});
