import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parseOrigin } from '../../src/dns/names.js';
import type { DomainName } from '../../src/dns/names.js';
import { parseRdata, targetOf, tokenizeRdata } from '../../src/dns/rdata.js';
import type { ParsedRdata, RdataResult, RdataToken } from '../../src/dns/rdata.js';

const origin = ((): DomainName => {
  const parsed = parseOrigin('example.com.');
  if (!parsed.ok) throw new Error('origin');
  return parsed.name;
})();

function parse(type: string, text: string | number): RdataResult {
  return parseRdata(type, text, { origin });
}

function parsed(type: string, text: string): ParsedRdata {
  const result = parse(type, text);
  if (!result.ok) throw new Error(`${type} ${text}: ${result.problem.field}: ${result.problem.message}`);
  return result;
}

function fields(type: string, text: string): Record<string, unknown> {
  return parsed(type, text).rdata as unknown as Record<string, unknown>;
}

function tokens(text: string): RdataToken[] {
  const result = tokenizeRdata(text);
  if (!result.ok) throw new Error(result.message);
  return result.tokens;
}

function problemField(type: string, text: string): string | undefined {
  const result = parse(type, text);
  return result.ok ? undefined : result.problem.field;
}

describe('tokenizeRdata', () => {
  it('splits words and quoted strings', () => {
    expect(tokens('10 "a b" c').map((token) => [token.octets, token.quoted])).toEqual([
      ['10', false],
      ['a b', true],
      ['c', false],
    ]);
  });

  it('decodes escaped quotes and decimal escapes', () => {
    expect(tokens('"say \\"hi\\" \\059"')[0]?.octets).toBe('say "hi" ;');
  });

  it('drops balanced parentheses', () => {
    expect(tokens('( "a"\n "b" )').map((token) => token.octets)).toEqual(['a', 'b']);
  });

  it('rejects an unclosed quote', () => {
    expect(tokenizeRdata('"abc').ok).toBe(false);
  });

  it('rejects unbalanced parentheses', () => {
    expect(tokenizeRdata('( a').ok).toBe(false);
    expect(tokenizeRdata('a )').ok).toBe(false);
  });

  it('joins a quoted part inside a word', () => {
    expect(tokens('ech="ZWFz" port=1').map((token) => token.octets)).toEqual(['ech=ZWFz', 'port=1']);
  });

  it('counts UTF-8 octets of non-ASCII text', () => {
    expect(tokens('"é"')[0]?.octets.length).toBe(2);
  });
});

describe('parseRdata addresses', () => {
  it('parses A', () => {
    expect(fields('A', '192.0.2.1')).toEqual({ type: 'A', address: '192.0.2.1' });
  });

  it.each(['192.0.2', '192.0.2.256', '2001:db8::1', '"192.0.2.1"'])('rejects A %s', (text) => {
    expect(problemField('A', text)).toBe('address');
  });

  it('normalises AAAA', () => {
    expect(fields('AAAA', '2001:DB8:0:0::1')).toEqual({ type: 'AAAA', address: '2001:db8::1' });
  });

  it('rejects AAAA with an IPv4 address', () => {
    expect(problemField('AAAA', '192.0.2.1')).toBe('address');
  });

  it('rejects extra words', () => {
    expect(problemField('A', '192.0.2.80 extra text')).toBe('rdata');
  });
});

describe('parseRdata names', () => {
  it('completes relative targets with the origin', () => {
    expect(targetOf(parsed('CNAME', 'www').rdata)?.text).toBe('www.example.com.');
  });

  it('lists name fields', () => {
    expect(parsed('SOA', 'ns1 hostmaster 1 7200 3600 1209600 3600').names.map((entry) => [entry.field, entry.name.text])).toEqual([
      ['mname', 'ns1.example.com.'],
      ['rname', 'hostmaster.example.com.'],
    ]);
  });

  it('reports a missing target', () => {
    expect(problemField('NS', '')).toBe('nsdname');
  });

  it('reads an IP-looking NS target as a relative name', () => {
    expect(targetOf(parsed('NS', '127.0.0.1').rdata)?.text).toBe('127.0.0.1.example.com.');
  });
});

describe('parseRdata SOA', () => {
  it('keeps a serial above 2^31 exact', () => {
    expect(fields('SOA', 'ns hostmaster 3003113544 3600 1200 604800 3600').serial).toBe(3003113544);
  });

  it('accepts timers with units', () => {
    expect(fields('SOA', 'ns hostmaster 1 1h 15m 1w 1d').refresh).toBe(3600);
  });

  it('rejects a non-numeric serial', () => {
    expect(problemField('SOA', 'ns hostmaster 2024a 3600 1200 604800 3600')).toBe('serial');
  });

  it('reports the first missing timer', () => {
    expect(problemField('SOA', 'ns hostmaster 1 3600 1200')).toBe('expire');
  });
});

describe('parseRdata MX, SRV, TXT, HINFO', () => {
  it('parses MX', () => {
    const rdata = fields('MX', '10 mail');
    expect(rdata.preference).toBe(10);
  });

  it('rejects an MX preference above 65535', () => {
    expect(problemField('MX', '65536 mail')).toBe('preference');
  });

  it('parses SRV', () => {
    expect(fields('SRV', '0 1 5061 sip.example.net.').port).toBe(5061);
  });

  it('rejects a missing SRV port', () => {
    expect(problemField('SRV', '0 1 sip.example.net.')).toBe('port');
  });

  it('parses several TXT strings without joining them', () => {
    expect(fields('TXT', '"v=DKIM1; k=rsa; " "p=MIIB"').strings).toEqual(['v=DKIM1; k=rsa; ', 'p=MIIB']);
  });

  it('keeps a TXT string over 255 octets for the rule to report', () => {
    expect(fields('TXT', `"${'a'.repeat(300)}"`).strings).toEqual(['a'.repeat(300)]);
  });

  it('rejects empty TXT', () => {
    expect(problemField('TXT', '')).toBe('txt-data');
  });

  it('parses HINFO and rejects a third string', () => {
    expect(fields('HINFO', '"PC" "Linux"')).toEqual({ type: 'HINFO', cpu: 'PC', os: 'Linux' });
    expect(problemField('HINFO', '"PC" "Linux" "x"')).toBe('rdata');
  });
});

describe('parseRdata CAA', () => {
  it('accepts quoted and unquoted values alike', () => {
    expect(fields('CAA', '0 issue ca.example.net').value).toBe('ca.example.net');
    expect(fields('CAA', '0 issue "ca.example.net"').value).toBe('ca.example.net');
    expect(fields('CAA', '128 issuewild "ca.example.net"').flags).toBe(128);
    expect(fields('CAA', '0 issue "ca.example.net; policy=ev"').value).toBe('ca.example.net; policy=ev');
  });

  it('rejects the whole RDATA in one pair of quotes', () => {
    expect(problemField('CAA', '"0 iodef mailto:root@example.com"')).toBe('flags');
  });

  it('rejects an unquoted value with spaces', () => {
    expect(problemField('CAA', '0 issue ca.example.net; policy=ev')).toBe('value');
  });

  it('rejects a tag with punctuation', () => {
    expect(problemField('CAA', '0 is-sue "x"')).toBe('tag');
  });
});

describe('parseRdata DNSSEC and keys', () => {
  const sha256 = 'FD03B2312C8F0FE72C1751EFA1007D743C94EC91594FF0047C23C37CE119BA0C';

  it('parses DS and lower-cases the digest', () => {
    expect(fields('DS', `14364 10 2 ${sha256}`).digest).toBe(sha256.toLowerCase());
  });

  it('accepts an algorithm mnemonic in DS', () => {
    expect(fields('DS', `14364 RSASHA512 2 ${sha256}`).algorithm).toBe(10);
  });

  it('rejects a DS digest of the wrong length', () => {
    expect(problemField('DS', `14364 10 2 ${sha256.slice(2)}`)).toBe('digest');
  });

  it('parses DNSKEY with a key split over words', () => {
    expect(fields('DNSKEY', '257 3 13 AwEA AbqJ').publicKey).toBe('AwEAAbqJ');
  });

  it('rejects DNSKEY protocol other than 3', () => {
    expect(problemField('DNSKEY', '257 2 13 AwEAAbqJ')).toBe('protocol');
  });

  it('rejects DNSKEY with bad base64', () => {
    expect(problemField('DNSKEY', '257 3 13 AwE')).toBe('public key');
  });

  it('parses TLSA and checks the SHA-256 length', () => {
    expect(fields('TLSA', `3 1 1 ${sha256}`).matchingType).toBe(1);
    expect(problemField('TLSA', '3 1 1 abcd')).toBe('certificate association data');
  });

  it('parses SSHFP and checks the SHA-1 length', () => {
    expect(fields('SSHFP', `4 2 ${sha256}`).fingerprintType).toBe(2);
    expect(problemField('SSHFP', `4 1 ${sha256}`)).toBe('fingerprint');
  });

  it('rejects odd hex', () => {
    expect(problemField('SSHFP', '4 9 abc')).toBe('fingerprint');
  });
});

describe('parseRdata NAPTR, SVCB, LOC', () => {
  it('parses NAPTR', () => {
    const rdata = fields('NAPTR', '100 10 "S" "SIP+D2U" "" _sip._udp.example.com.');
    expect(rdata.service).toBe('SIP+D2U');
  });

  it('rejects NAPTR flags with punctuation', () => {
    expect(problemField('NAPTR', '100 10 "S!" "SIP+D2U" "" .')).toBe('flags');
  });

  it('parses SVCB params', () => {
    const rdata = fields('SVCB', '1 _underscore.example. port=60 alpn=h3 ech="ZWFzdGVyIGVnZyE="');
    expect(rdata.params).toEqual([
      { key: 'alpn', value: 'h3' },
      { key: 'port', value: '60' },
      { key: 'ech', value: 'ZWFzdGVyIGVnZyE=' },
    ]);
  });

  it('parses HTTPS alias mode', () => {
    expect(fields('HTTPS', '0 cdn.example.net.').priority).toBe(0);
  });

  it.each([
    ['1 . port=70000', 'port'],
    ['1 . alpn=h2 alpn=h3', 'alpn'],
    ['1 . colour=red', 'params'],
    ['1 . mandatory=port', 'mandatory'],
    ['1 . ipv4hint=2001:db8::1', 'ipv4hint'],
  ])('rejects SVCB %s', (text, field) => {
    expect(problemField('SVCB', text)).toBe(field);
  });

  it('parses LOC', () => {
    const rdata = fields('LOC', '52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m');
    expect(rdata.latitude).toBeCloseTo(52.373, 3);
    expect(rdata.altitude).toBe(-2);
  });

  it('applies LOC defaults', () => {
    expect(fields('LOC', '42 S 73 W 10m').size).toBe(1);
  });

  it('rejects LOC latitude above 90', () => {
    expect(problemField('LOC', '91 N 73 W 10m')).toBe('latitude');
  });
});

describe('parseRdata types and generic form', () => {
  it('accepts TYPEnnn for a known type', () => {
    expect(fields('TYPE1', '192.0.2.1')).toEqual({ type: 'A', address: '192.0.2.1' });
  });

  it('parses the RFC 3597 form', () => {
    expect(fields('TYPE65280', '\\# 4 0A000001')).toEqual({ type: 'TYPE65280', generic: true, data: '0a000001' });
  });

  it('rejects a generic length that does not match', () => {
    expect(problemField('A', '\\# 5 0A000001')).toBe('data');
  });

  it('requires the generic form for an unknown number', () => {
    expect(problemField('TYPE65280', 'hello')).toBe('rdata');
  });

  it('rejects an unknown mnemonic', () => {
    expect(problemField('CNAMEX', 'www')).toBe('type');
  });

  it('passes known types it does not check', () => {
    expect(parse('RRSIG', 'A 13 3 300 20260101000000 20251201000000 12345 example.com. abc=').ok).toBe(true);
  });

  it('accepts a numeric value', () => {
    expect(parse('TXT', 42).ok).toBe(true);
  });
});

describe('canonical RDATA', () => {
  it('equals across spellings', () => {
    expect(parsed('MX', '10 Mail.Example.COM.').canonical).toBe(parsed('MX', '10 mail').canonical);
  });

  it('equals for IPv6 spellings', () => {
    expect(parsed('AAAA', '2001:db8:0::1').canonical).toBe('2001:db8::1');
    expect(parsed('AAAA', '2001:DB8::1').canonical).toBe('2001:db8::1');
  });

  it('keeps letter case in the absolute form', () => {
    expect(parsed('CNAME', 'cdn.Example').absolute).toBe('cdn.Example.example.com.');
    expect(parsed('CNAME', 'cdn.Example').canonical).toBe('cdn.example.example.com.');
  });

  it('quotes TXT strings', () => {
    expect(parsed('TXT', 'hello "a\\"b"').canonical).toBe('"hello" "a\\"b"');
  });
});

describe('parseRdata on arbitrary text', () => {
  const types = ['A', 'AAAA', 'NS', 'SOA', 'MX', 'TXT', 'SRV', 'CAA', 'TLSA', 'SSHFP', 'DS', 'DNSKEY', 'NAPTR', 'SVCB', 'HTTPS', 'LOC', 'HINFO', 'RRSIG', 'TYPE65280', 'BOGUS'];

  it('returns a result and never throws', () => {
    const pieces = fc.constantFrom('"', '\\', '\\#', '(', ')', ' ', '.', '@', '=', ',', '10', 'example.', 'N', 'E', 'm', '\\256', '\\065', 'é', 'xn--', '0a');
    const text = fc.oneof(fc.string(), fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join('')));
    fc.assert(
      fc.property(fc.constantFrom(...types), text, (type, value) => {
        const result = parseRdata(type, value, { origin });
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });
});
