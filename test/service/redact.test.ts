import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { redact } from '../../src/service/redact.js';

const scratch = mkdtempSync(join(tmpdir(), 'driftgate-redact-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Generates a real private key with ssh-keygen in the given format and returns the file text. */
let keyCount = 0;
function sshKey(type: string, format: 'RFC4716' | 'PEM' | 'PKCS8'): string {
  keyCount += 1;
  const path = join(scratch, `${type}-${format}-${keyCount}`);
  execFileSync('ssh-keygen', ['-q', '-t', type, '-m', format, '-N', '', '-C', 'test', '-f', path]);
  return readFileSync(path, 'utf8');
}

function opensslKey(): string {
  return execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'], { encoding: 'utf8' });
}

describe('redact private keys', () => {
  const keys: [string, string][] = [
    ['OpenSSH ed25519', sshKey('ed25519', 'RFC4716')],
    ['PEM RSA', sshKey('rsa', 'PEM')],
    ['PKCS#8 ECDSA', opensslKey()],
  ];
  for (const [name, key] of keys) {
    it(`removes a ${name} key`, () => {
      const body = key.split('\n')[1] as string;
      const text = `--- /etc/ssh/ssh_host_key\n+++ live\n${key}after the key\n`;
      const result = redact(text);
      expect(result).not.toContain(body);
      expect(result).not.toContain('PRIVATE KEY-----');
      expect(result).toContain('[redacted private key]');
      expect(result).toContain('after the key');
    });
  }

  it('removes a key cut before its end', () => {
    const key = sshKey('ed25519', 'RFC4716');
    const cut = key.slice(0, Math.floor(key.length / 2));
    const result = redact(`prefix\n${cut}`);
    expect(result).toBe('prefix\n[redacted private key]');
  });

  it('keeps public keys', () => {
    const text = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx3m7yQfP2sRNbVXrBZk1Ih0qV1xq1x9zWmH3nJk2aB ops@example.org';
    expect(redact(text)).toBe(text);
  });
});

describe('redact password hashes', () => {
  const cases: [string, string][] = [
    ['SHA-512 crypt', 'root:$6$Wb3kqS1x$Gm0qJqG4n1nq9Q7b7fY3oNfXc8o1q3d2pB6qJk4Jt1d0a8l6bM4kP2sY3wE7rT9uI0oP1aS2dF3gH4jK5lZ6x.:19700:0:99999:7:::'],
    ['yescrypt', 'ops:$y$j9T$F5Jx5fExrKuJdEfG0rI0U.$2xV3bR5e2fVh0Y7G1wq6sXcT3nJ7mK9pL1zQ4yA8bC/:19701:0:99999:7:::'],
    ['bcrypt', 'admin:$2b$12$KIXQJ3Xv0Zy5b9Hc2QjQ5eY1mZ3sQ7R8lT0uV2wX4yA6bC8dE0fG2:19702::::::'],
  ];
  for (const [name, line] of cases) {
    it(`removes a ${name} hash`, () => {
      const hash = line.split(':')[1] as string;
      const result = redact(line);
      expect(result).not.toContain(hash.slice(4));
      expect(result).toBe(`${line.split(':')[0]}:[redacted password hash]:${line.split(':').slice(2).join(':')}`);
    });
  }

  it('keeps locked and empty entries', () => {
    expect(redact('daemon:*:19700:0:99999:7:::')).toBe('daemon:*:19700:0:99999:7:::');
    expect(redact('nobody:!:19700::::::')).toBe('nobody:!:19700::::::');
  });
});

describe('redact tokens and settings', () => {
  it('removes a bearer token', () => {
    const line = 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2lnbmF0dXJlLXZhbHVl';
    expect(redact(line)).toBe('Authorization: Bearer [redacted token]');
  });

  it('removes a bare JSON web token', () => {
    expect(redact('token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJvcHMifQ.c2lnbmF0dXJlLXZhbHVl end')).not.toContain('eyJzdWIiOiJvcHMifQ');
  });

  it('removes AWS access keys', () => {
    const text = 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nregion = eu-west-1';
    const result = redact(text);
    expect(result).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(result).not.toContain('wJalrXUtnFEMI');
    expect(result).toContain('region = eu-west-1');
  });

  it('removes GitHub and Slack tokens', () => {
    const result = redact('GH=ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 hook xoxb-1234567890-abcdefghij');
    expect(result).not.toContain('ghp_a1B2');
    expect(result).not.toContain('xoxb-1234567890');
  });

  const settings: [string, string, string][] = [
    ['password=', 'password=Sup3r-Secret!', 'password=[redacted secret]'],
    ['quoted YAML', 'db_password: "hunter2 with spaces"', 'db_password: [redacted secret]'],
    ['HAProxy stats', 'stats auth admin:Adm1nPass', 'stats auth admin:[redacted secret]'],
    ['Redis', 'requirepass s3cr3tRedis', 'requirepass [redacted secret]'],
    ['keepalived', '    auth_pass 8d2f1c', '    auth_pass [redacted secret]'],
    ['BGP neighbor', ' neighbor 192.0.2.1 password 7 0822455D0A16', ' neighbor 192.0.2.1 password [redacted secret]'],
    ['client secret', 'client_secret = 9f8e7d6c5b4a', 'client_secret = [redacted secret]'],
    ['keyword only', 'PasswordAuthentication no', 'PasswordAuthentication no'],
  ];
  for (const [name, input, expected] of settings) {
    it(`handles ${name}`, () => {
      expect(redact(input)).toBe(expected);
    });
  }
});
