import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, describe, expect, it } from 'vitest';

import { backoffDelay, createTransport, smtpCredentials } from '../../src/service/mailer.js';
import type { MailSettings } from '../../src/service/settings.js';
import { startSmtp } from './smtp.js';
import type { TestSmtp } from './smtp.js';

const servers: TestSmtp[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

/** Creates a self-signed certificate for 127.0.0.1 with openssl and returns the PEM files. */
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function selfSigned(): { keyFile: string; certFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'driftgate-tls-'));
  dirs.push(dir);
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile,
  ], { stdio: 'ignore' });
  return { keyFile, certFile };
}

function mailSettings(port: number, overrides: Partial<MailSettings> = {}): MailSettings {
  return { host: '127.0.0.1', port, security: 'starttls', from: 'driftgate@example.org', to: ['netops@example.org'], send: 'changes', ...overrides };
}

const message = { from: 'driftgate@example.org', to: 'netops@example.org', subject: 'test', text: 'body' };

describe('SMTP transport', () => {
  it('sends over STARTTLS with a trusted CA', async () => {
    const { keyFile, certFile } = selfSigned();
    const smtp = await startSmtp({ tls: { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') } });
    servers.push(smtp);
    const transport = createTransport(mailSettings(smtp.port, { caFile: certFile }));
    await transport.sendMail(message);
    transport.close();
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.subject).toBe('test');
  });

  it('rejects an untrusted certificate', async () => {
    const { keyFile, certFile } = selfSigned();
    const smtp = await startSmtp({ tls: { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') } });
    servers.push(smtp);
    const transport = createTransport(mailSettings(smtp.port));
    await expect(transport.sendMail(message)).rejects.toThrow(/self-signed certificate/);
    transport.close();
    expect(smtp.messages).toHaveLength(0);
  });

  it('requires STARTTLS by default', async () => {
    const smtp = await startSmtp();
    servers.push(smtp);
    const transport = createTransport(mailSettings(smtp.port));
    await expect(transport.sendMail(message)).rejects.toThrow(/STARTTLS/);
    transport.close();
    expect(smtp.messages).toHaveLength(0);
  });

  it('sends in clear text only when told', async () => {
    const smtp = await startSmtp();
    servers.push(smtp);
    const transport = createTransport(mailSettings(smtp.port, { security: 'none' }));
    await transport.sendMail(message);
    transport.close();
    expect(smtp.messages).toHaveLength(1);
  });
});

describe('SMTP credentials', () => {
  it('reads them from the named variables', () => {
    const settings = mailSettings(587, { userEnv: 'SMTP_USER', passwordEnv: 'SMTP_PASSWORD' });
    expect(smtpCredentials(settings, { SMTP_USER: 'alerts', SMTP_PASSWORD: 'pw-1' })).toEqual({ user: 'alerts', pass: 'pw-1' });
    expect(smtpCredentials(mailSettings(587), { SMTP_USER: 'alerts' })).toBeUndefined();
  });

  it('names a missing variable', () => {
    const settings = mailSettings(587, { userEnv: 'SMTP_USER', passwordEnv: 'SMTP_PASSWORD' });
    expect(() => smtpCredentials(settings, { SMTP_USER: 'alerts' })).toThrow('set the environment variable SMTP_PASSWORD');
  });
});

describe('backoffDelay', () => {
  it('doubles up to the maximum', () => {
    const policy = { baseMs: 30_000, maxMs: 3_600_000 };
    expect([1, 2, 3, 4, 8, 9, 100].map((attempts) => backoffDelay(attempts, policy))).toEqual([
      30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000, 3_600_000,
    ]);
  });
});

