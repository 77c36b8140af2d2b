import { describe, expect, it } from 'vitest';

import { escapeData, escapeProperty, formatGithub } from '../../src/output/github.js';
import { sampleReport } from './fixtures.js';

describe('GitHub output', () => {
  it('writes one command per unsuppressed finding', async () => {
    const lines = formatGithub(await sampleReport()).split('\n');
    expect(lines).toEqual([
      '::error file=firewall/edge%2C "1".yaml,line=12,col=7,endLine=12,endColumn=19,title=fw-invalid-address::' +
        '`203.0.113.300` is not a valid address, prefix or range%0AFix: Write an IPv4 or IPv6 address.',
      '::warning file=firewall/edge%2C "1".yaml,line=14,endLine=16,title=schema-violation::value <b>50%25</b> is odd: check it%0Asecond line',
      '::notice file=lb/web.yaml,line=1,col=1,title=syntax-error::note for @team & friends',
      '3 files checked: 1 error, 1 warning, 1 info, 1 suppressed',
      '',
    ]);
  });

  it('prefixes the repository folder', async () => {
    const [first] = formatGithub(await sampleReport({ repositoryFolder: 'infra/site' })).split('\n');
    expect(first).toMatch(/^::error file=infra\/site\/firewall\/edge%2C "1"\.yaml,line=12,/);
  });

  it('escapes data', () => {
    expect(escapeData('100% done\r\nnext: a,b')).toBe('100%25 done%0D%0Anext: a,b');
  });

  it('escapes properties', () => {
    expect(escapeProperty('dir:a,b%\n')).toBe('dir%3Aa%2Cb%25%0A');
  });
});
