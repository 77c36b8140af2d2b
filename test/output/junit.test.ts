import { describe, expect, it } from 'vitest';

import { escapeXml, formatJunit } from '../../src/output/junit.js';
import { sampleReport } from './fixtures.js';

describe('JUnit output', () => {
  it('writes one suite per file', async () => {
    const xml = formatJunit(await sampleReport());
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="driftgate" tests="8" failures="1" errors="0">',
        '  <testsuite name="firewall/edge, &quot;1&quot;.yaml" tests="3" failures="1" errors="0" skipped="0">',
        '    <testcase name="fw-invalid-address" classname="firewall/edge, &quot;1&quot;.yaml">',
        '      <failure message="`203.0.113.300` is not a valid address, prefix or range" type="error">' +
          'firewall/edge, &quot;1&quot;.yaml:12:7: `203.0.113.300` is not a valid address, prefix or range\nFix: Write an IPv4 or IPv6 address.</failure>',
        '    </testcase>',
        '    <testcase name="schema-violation" classname="firewall/edge, &quot;1&quot;.yaml">',
        '      <system-out>firewall/edge, &quot;1&quot;.yaml:14:3: warning: value &lt;b&gt;50%&lt;/b&gt; is odd: check it\nsecond line</system-out>',
        '    </testcase>',
        '    <testcase name="syntax-error" classname="firewall/edge, &quot;1&quot;.yaml"/>',
        '  </testsuite>',
        '  <testsuite name="lb/web.yaml" tests="3" failures="0" errors="0" skipped="0">',
        '    <testcase name="fw-invalid-address" classname="lb/web.yaml">',
        '      <system-out>lb/web.yaml:4:9: suppressed (legacy range, removed in Q1): `10.0.0.1/8` has host bits set; the prefix means 10.0.0.0/8</system-out>',
        '    </testcase>',
        '    <testcase name="schema-violation" classname="lb/web.yaml"/>',
        '    <testcase name="syntax-error" classname="lb/web.yaml">',
        '      <system-out>lb/web.yaml:1:1: info: note for @team &amp; friends</system-out>',
        '    </testcase>',
        '  </testsuite>',
        '  <testsuite name="routing/clean.yaml" tests="2" failures="0" errors="0" skipped="0">',
        '    <testcase name="schema-violation" classname="routing/clean.yaml"/>',
        '    <testcase name="syntax-error" classname="routing/clean.yaml"/>',
        '  </testsuite>',
        '</testsuites>',
        '',
      ].join('\n'),
    );
  });

  it('fails warnings under --fail-on warning', async () => {
    const xml = formatJunit(await sampleReport({ failOn: 'warning' }));
    expect(xml).toContain('<testsuites name="driftgate" tests="8" failures="2" errors="0">');
    expect(xml).toContain('<failure message="value &lt;b&gt;50%&lt;/b&gt; is odd: check it\nsecond line" type="warning">');
  });

  it('fails nothing under --fail-on never', async () => {
    const xml = formatJunit(await sampleReport({ failOn: 'never' }));
    expect(xml).not.toContain('<failure');
    expect(xml).toContain('failures="0"');
  });

  it('escapes markup and drops control characters', () => {
    expect(escapeXml(`a<b>&"c"'d'\u0001\u001F\tend`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;\tend');
  });
});
