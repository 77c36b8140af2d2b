/**
 * Renders a canonical load-balancer document as haproxy.cfg and runs `haproxy -c` on it, so
 * tests can compare the rules with HAProxy's own configuration check.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Backend, Frontend, LoadBalancer, Timeouts } from '../../src/types/loadbalancer.js';

const timeoutKeywords: Record<keyof Timeouts, string> = {
  client: 'client',
  connect: 'connect',
  server: 'server',
  check: 'check',
  httpRequest: 'http-request',
  queue: 'queue',
  tunnel: 'tunnel',
};

function timeoutLines(timeouts: Timeouts | undefined): string[] {
  return Object.entries(timeouts ?? {}).map(
    ([name, value]) => `  timeout ${timeoutKeywords[name as keyof Timeouts]} ${value}`,
  );
}

function frontendLines(frontend: Frontend): string[] {
  const lines = [`frontend ${frontend.name}`];
  if (frontend.mode) lines.push(`  mode ${frontend.mode}`);
  // TLS settings are left out: `ssl` needs a certificate, and no check here depends on it.
  for (const bind of frontend.binds) {
    const address = bind.address === undefined || bind.address === '*' ? '' : bind.address;
    lines.push(`  bind ${address.includes(':') ? `ipv6@${address}` : address}:${bind.port}`);
  }
  lines.push(...timeoutLines(frontend.timeouts));
  for (const rule of frontend.useBackends ?? []) {
    lines.push(`  use_backend ${rule.backend}${rule.condition ? ` if ${rule.condition}` : ''}`);
  }
  if (frontend.defaultBackend) lines.push(`  default_backend ${frontend.defaultBackend}`);
  return lines;
}

function backendLines(backend: Backend): string[] {
  const lines = [`backend ${backend.name}`];
  if (backend.mode) lines.push(`  mode ${backend.mode}`);
  if (backend.balance) lines.push(`  balance ${backend.balance}`);
  if (backend.healthCheck?.type === 'http') {
    lines.push(
      `  option httpchk ${backend.healthCheck.method ?? 'GET'} ${backend.healthCheck.path ?? '/'}`,
    );
    if (backend.healthCheck.expect) lines.push(`  http-check expect ${backend.healthCheck.expect}`);
  }
  lines.push(...timeoutLines(backend.timeouts));
  for (const server of backend.servers ?? []) {
    const flags = [
      server.weight === undefined ? '' : ` weight ${server.weight}`,
      server.backup ? ' backup' : '',
      server.check ? ' check' : '',
      server.disabled ? ' disabled' : '',
    ].join('');
    lines.push(`  server ${server.name} ${server.address}:${server.port ?? 80}${flags}`);
  }
  return lines;
}

/** Renders a canonical load-balancer document as an haproxy.cfg text. */
export function renderHaproxyConfig(data: LoadBalancer): string {
  const lines = ['defaults'];
  if (data.defaults?.mode) lines.push(`  mode ${data.defaults.mode}`);
  if (data.defaults?.balance) lines.push(`  balance ${data.defaults.balance}`);
  lines.push(...timeoutLines(data.defaults?.timeouts));
  for (const frontend of data.frontends ?? []) lines.push(...frontendLines(frontend));
  for (const backend of data.backends ?? []) lines.push(...backendLines(backend));
  return `${lines.join('\n')}\n`;
}

/** The outcome of `haproxy -c`: its exit status and its combined output. */
export interface HaproxyCheck {
  status: number | null;
  output: string;
}

/** Runs `haproxy -c` on a configuration text in a temporary folder, which it removes again. */
export function checkWithHaproxy(config: string): HaproxyCheck {
  const folder = mkdtempSync(join(tmpdir(), 'driftgate-haproxy-'));
  try {
    const path = join(folder, 'haproxy.cfg');
    writeFileSync(path, config);
    const result = spawnSync('haproxy', ['-c', '-f', path], { encoding: 'utf8' });
    if (result.error) {
      throw new Error(
        `failed to run haproxy (${result.error.message}). Install the Debian package haproxy.`,
      );
    }
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
