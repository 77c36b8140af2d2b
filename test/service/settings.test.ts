import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { ConfigError, loadConfig } from '../../src/engine/config.js';
import { parseDuration, parseListen, resolveServiceSettings } from '../../src/service/settings.js';

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

function settingsFrom(yaml: string) {
  const root = mkdtempSync(join(tmpdir(), 'driftgate-settings-'));
  roots.push(root);
  const path = join(root, 'driftgate.yaml');
  writeFileSync(path, yaml);
  return { root, load: () => resolveServiceSettings(loadConfig(path, root, root, [])) };
}

describe('service settings', () => {
  it('applies the defaults', () => {
    const { root, load } = settingsFrom('kind: config\n');
    const settings = load();
    expect(settings.schedules).toEqual([{ name: 'nightly', cron: '0 2 * * *', timezone: 'UTC' }]);
    expect(settings.storePath).toBe(join(root, '.driftgate', 'state.db'));
    expect(settings.staleAfterMs).toBe(48 * 3_600_000);
    expect(settings.http).toEqual({ host: '127.0.0.1', port: 9465 });
    expect(settings.mail).toBeUndefined();
  });

  it('reads a full service section', () => {
    const { root, load } = settingsFrom(`kind: config
service:
  schedules:
    - { name: nightly, cron: "30 1 * * *", timezone: Europe/Berlin }
    - { name: hourly-edge, cron: "0 * * * *" }
  store: /var/lib/driftgate/state.db
  staleAfter: 3d
  mail:
    host: smtp.example.org
    from: driftgate@example.org
    to: [netops@example.org]
    userEnv: SMTP_USER
    passwordEnv: SMTP_PASSWORD
    caFile: certs/ca.pem
  http:
    listen: "[::1]:9100"
    tokenEnv: DRIFTGATE_RUN_TOKEN
`);
    const settings = load();
    expect(settings.schedules[1]).toEqual({ name: 'hourly-edge', cron: '0 * * * *', timezone: 'UTC' });
    expect(settings.storePath).toBe('/var/lib/driftgate/state.db');
    expect(settings.staleAfterMs).toBe(3 * 86_400_000);
    expect(settings.mail).toEqual({
      host: 'smtp.example.org',
      port: 587,
      security: 'starttls',
      from: 'driftgate@example.org',
      to: ['netops@example.org'],
      send: 'changes',
      caFile: join(root, 'certs', 'ca.pem'),
      userEnv: 'SMTP_USER',
      passwordEnv: 'SMTP_PASSWORD',
    });
    expect(settings.http).toEqual({ host: '::1', port: 9100, tokenEnv: 'DRIFTGATE_RUN_TOKEN' });
  });

  const invalid: [string, string, RegExp][] = [
    ['cron', 'service:\n  schedules:\n    - { name: n, cron: "61 * * * *" }\n', /driftgate\.yaml:4:\d+: invalid cron expression "61 \* \* \* \*"/],
    ['cron day', 'service:\n  schedules:\n    - { name: n, cron: "0 2 30 2 *" }\n', /invalid cron expression "0 2 30 2 \*" \(.*impossible day of month/],
    ['time zone', 'service:\n  schedules:\n    - { name: n, cron: "0 2 * * *", timezone: Mars/Olympus }\n', /unknown time zone "Mars\/Olympus"/],
    ['listen', 'service:\n  http: { listen: "localhost" }\n', /invalid listen address "localhost"/],
    ['clear-text SMTP', 'service:\n  mail: { host: smtp.example.org, security: none, from: a@example.org, to: [b@example.org] }\n', /security: none .* allowed only to a loopback host, not "smtp.example.org"/],
    ['duplicate schedule', 'service:\n  schedules:\n    - { name: n, cron: "0 2 * * *" }\n    - { name: n, cron: "0 3 * * *" }\n', /schedule name "n" is used twice/],
    ['scan format', 'service:\n  scanArgs: ["--hosts", "web-*", "--format", "text"]\n', /driftgate\.yaml:3:\d+: scanArgs must not contain --format/],
    ['scan output', 'service:\n  scanArgs: ["--output=report.json"]\n', /scanArgs must not contain --output/],
    ['unknown key', 'service:\n  mail: { host: h, from: a@example.org, to: [b@example.org], password: x }\n', /password/],
  ];
  for (const [name, yaml, message] of invalid) {
    it(`rejects an invalid ${name}`, () => {
      const { load } = settingsFrom(`kind: config\n${yaml}`);
      expect(load).toThrow(ConfigError);
      expect(load).toThrow(message);
    });
  }

  it('parses durations and addresses', () => {
    expect(parseDuration('90m')).toBe(90 * 60_000);
    expect(() => parseDuration('2w')).toThrow(/invalid duration "2w"/);
    expect(parseListen('0.0.0.0:9465')).toEqual({ host: '0.0.0.0', port: 9465 });
    expect(parseListen('127.0.0.1:70000')).toBeUndefined();
  });
});
