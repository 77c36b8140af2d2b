import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parseOrigin } from '../../src/dns/names.js';
import type { DomainName } from '../../src/dns/names.js';
import { base32HexOctets, parseRdata, targetOf, tokenizeRdata } from '../../src/dns/rdata.js';
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

  it('reads words with and without escapes alike', () => {
    const plain = tokens('"a (b;" x"y z"w');
    const escaped = tokens('"a \\(b\\;" x"y\\ z"w');
    expect(plain.map((token) => [token.octets, token.quoted])).toEqual([
      ['a (b;', true],
      ['xy zw', false],
    ]);
    expect(escaped.map((token) => [token.octets, token.quoted])).toEqual([
      ['a (b;', true],
      ['xy zw', false],
    ]);
    expect(plain[0]?.raw).toBe('a (b;');
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

describe('parseRdata EUI48 and EUI64', () => {
  it('parses hyphenated groups and lower-cases them', () => {
    expect(fields('EUI48', '00-00-5E-00-53-2A')).toEqual({ type: 'EUI48', address: '00-00-5e-00-53-2a' });
    expect(fields('EUI64', '00-00-5e-ef-10-00-00-2a')).toEqual({ type: 'EUI64', address: '00-00-5e-ef-10-00-00-2a' });
  });

  it('rejects groups of one or three digits', () => {
    expect(problemField('EUI48', '0-00-5e-00-53-2a')).toBe('address');
    expect(problemField('EUI48', '00-00-5e-005-53-2a')).toBe('address');
    expect(problemField('EUI64', '00-00-5e-ef-10-00-00-2')).toBe('address');
  });

  it('rejects the wrong number of groups', () => {
    expect(problemField('EUI48', '00-00-5e-00-53')).toBe('address');
    expect(problemField('EUI48', '00-00-5e-ef-10-00-00-2a')).toBe('address');
    expect(problemField('EUI64', '00-00-5e-00-53-2a')).toBe('address');
  });

  it('rejects text after the last group', () => {
    expect(problemField('EUI48', '00-00-5e-00-53-2azz')).toBe('address');
    expect(problemField('EUI48', '00-00-5e-00-53-2a 00')).toBe('rdata');
    expect(problemField('EUI48', '00:00:5e:00:53:2a')).toBe('address');
  });
});

describe('parseRdata NSAP', () => {
  it('accepts dots between digits', () => {
    expect(fields('NSAP', '0x39.840f.80.0005a0.0000.0000.0001.e133.aaaaaa000111.00')).toEqual({
      type: 'NSAP',
      data: '39840f800005a0000000000001e133aaaaaa00011100',
    });
  });

  it('rejects an empty address', () => {
    expect(problemField('NSAP', '0x')).toBe('address');
    expect(problemField('NSAP', '0x..')).toBe('address');
  });

  it('rejects an odd number of digits', () => {
    expect(problemField('NSAP', '0x39840f8')).toBe('address');
  });

  it('rejects a missing 0x prefix or non-hex digits', () => {
    expect(problemField('NSAP', '39840f80')).toBe('address');
    expect(problemField('NSAP', '0x39840g80')).toBe('address');
  });
});

describe('parseRdata NSEC3 and NSEC3PARAM', () => {
  const sha1Hash = '2T7B4G4VSA5SMI47K61MV5BV1A22BOJR';

  it('parses NSEC3 with a SHA-1 hash and a type list', () => {
    expect(fields('NSEC3', `1 0 5 ab12 ${sha1Hash} A aaaa rrsig`)).toEqual({
      type: 'NSEC3',
      hashAlgorithm: 1,
      flags: 0,
      iterations: 5,
      salt: 'ab12',
      nextHashedOwner: sha1Hash.toLowerCase(),
      types: ['A', 'AAAA', 'RRSIG'],
    });
  });

  it('accepts an empty salt and an empty type list', () => {
    expect(fields('NSEC3', `1 1 0 - ${sha1Hash}`)).toMatchObject({ salt: '', types: [] });
  });

  it('rejects base32hex padding', () => {
    expect(problemField('NSEC3', '2 0 0 - 0P9M==== A')).toBe('next hashed owner name');
  });

  it('rejects letters beyond V', () => {
    expect(problemField('NSEC3', `1 0 0 - ${sha1Hash.slice(0, -1)}W A`)).toBe('next hashed owner name');
  });

  it('rejects a length no octets encode', () => {
    expect(problemField('NSEC3', '2 0 0 - 0P9 A')).toBe('next hashed owner name');
  });

  it('rejects a SHA-1 hash of the wrong length', () => {
    expect(problemField('NSEC3', `1 0 0 - ${sha1Hash.slice(0, 24)} A`)).toBe('next hashed owner name');
  });

  it('accepts a short hash of another algorithm', () => {
    expect(fields('NSEC3', '2 0 0 - 0P9MH A')).toMatchObject({ hashAlgorithm: 2, nextHashedOwner: '0p9mh' });
  });

  it('rejects an unknown type in the bit map', () => {
    expect(problemField('NSEC3', `1 0 0 - ${sha1Hash} A BOGUS`)).toBe('type bit maps');
  });

  it('parses NSEC3PARAM and rejects an odd salt', () => {
    expect(fields('NSEC3PARAM', '1 0 0 -')).toEqual({ type: 'NSEC3PARAM', hashAlgorithm: 1, flags: 0, iterations: 0, salt: '' });
    expect(problemField('NSEC3PARAM', '1 0 0 abc')).toBe('salt');
    expect(problemField('NSEC3PARAM', '1 0 70000 -')).toBe('iterations');
  });

  it('writes NSEC3 canonically', () => {
    expect(parsed('NSEC3', `1 0 5 AB12 ${sha1Hash} A`).canonical).toBe(`1 0 5 ab12 ${sha1Hash.toLowerCase()} A`);
  });
});

describe('base32HexOctets', () => {
  it('counts the octets of unpadded text', () => {
    expect(base32HexOctets('CPNMU')).toBe(3);
    expect(base32HexOctets('2T7B4G4VSA5SMI47K61MV5BV1A22BOJR')).toBe(20);
  });

  it('rejects padding, lengths 1, 3 and 6 modulo 8, and empty text', () => {
    expect(base32HexOctets('CPNMU===')).toBeUndefined();
    expect(base32HexOctets('CPN')).toBeUndefined();
    expect(base32HexOctets('')).toBeUndefined();
  });
});

describe('parseRdata CDS and CDNSKEY', () => {
  it('parses CDS like DS', () => {
    expect(fields('CDS', '60485 13 2 D4B7D520E7BB5F0F67674A0CCEB1E3E0614B93C4F9E99B8383F6A1E4469DA50A')).toMatchObject({ type: 'CDS', keyTag: 60485, algorithm: 13 });
  });

  it('accepts the delete forms', () => {
    expect(fields('CDS', '0 0 0 00')).toMatchObject({ type: 'CDS', algorithm: 0, digest: '00' });
    expect(fields('CDNSKEY', '0 3 0 AA==')).toMatchObject({ type: 'CDNSKEY', algorithm: 0, publicKey: 'AA==' });
  });
});

describe('parseRdata SVCB at DNS server names', () => {
  const dnsOwner = ((): DomainName => {
    const result = parseOrigin('_dns.resolver.example.com.');
    if (!result.ok) throw new Error('owner');
    return result.name;
  })();
  const portOwner = ((): DomainName => {
    const result = parseOrigin('_853._dns.resolver.example.com.');
    if (!result.ok) throw new Error('owner');
    return result.name;
  })();

  function dnsProblem(text: string, owner = dnsOwner): string | undefined {
    const result = parseRdata('SVCB', text, { origin, owner });
    return result.ok ? undefined : result.problem.field;
  }

  it('accepts DoT and DoH servers', () => {
    expect(dnsProblem('1 doh.example.net. alpn=h2,h3 dohpath=/dns-query{?dns}')).toBeUndefined();
    expect(dnsProblem('2 dot.example.net. alpn=dot port=853', portOwner)).toBeUndefined();
  });

  it('requires alpn in ServiceMode', () => {
    expect(dnsProblem('1 doh.example.net. dohpath=/dns-query{?dns}')).toBe('alpn');
  });

  it('requires dohpath when alpn names HTTP', () => {
    expect(dnsProblem('1 doh.example.net. alpn=h2')).toBe('dohpath');
    expect(dnsProblem('1 doh.example.net. alpn=dot,h3')).toBe('dohpath');
    expect(dnsProblem('1 doh.example.net. alpn=http/1.1', portOwner)).toBe('dohpath');
  });

  it('requires h2 or h3 when dohpath is set', () => {
    expect(dnsProblem('1 doh.example.net. alpn=dot dohpath=/q{?dns}')).toBe('alpn');
  });

  it('leaves AliasMode and other owners alone', () => {
    expect(dnsProblem('0 resolver.example.net.')).toBeUndefined();
    expect(parseRdata('SVCB', '1 svc.example.net. alpn=h2', { origin }).ok).toBe(true);
  });

  it('checks the dohpath template for any owner', () => {
    expect(problemField('SVCB', '1 svc.example.net. alpn=h2 dohpath=dns-query{?dns}')).toBe('dohpath');
    expect(problemField('SVCB', '1 svc.example.net. alpn=h2 dohpath=/dns-query')).toBe('dohpath');
    expect(problemField('HTTPS', '1 . alpn=h2 dohpath=/q{?dns}')).toBeUndefined();
  });
});

describe('parseRdata on arbitrary text', () => {
  const types = ['A', 'AAAA', 'NS', 'SOA', 'MX', 'TXT', 'SRV', 'CAA', 'TLSA', 'SSHFP', 'DS', 'DNSKEY', 'CDS', 'CDNSKEY', 'NAPTR', 'SVCB', 'HTTPS', 'LOC', 'HINFO', 'RRSIG', 'EUI48', 'EUI64', 'NSAP', 'NSEC3', 'NSEC3PARAM', 'TYPE65280', 'BOGUS'];

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
