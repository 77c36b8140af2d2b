/** Shared setup of service tests: settings, a silent logger and polling. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pino from 'pino';

import type { ServiceSettings } from '../../src/service/settings.js';

/** A logger that writes nothing, for in-process services. */
export const silentLog = pino({ level: 'silent' });

const scratchDirs: string[] = [];

/** Deletes the temporary folders that `testSettings` created. Call it after the tests of a file. */
export function removeScratchDirs(): void {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Returns settings for a service on loopback with a store in a new temporary folder. */
export function testSettings(smtpPort: number, overrides: Partial<ServiceSettings> = {}): ServiceSettings {
  const root = mkdtempSync(join(tmpdir(), 'driftgate-service-'));
  scratchDirs.push(root);
  return {
    root,
    // Once a year at 02:00 UTC on January 1st, so only explicit runs scan unless a test sets a schedule.
    schedules: [{ name: 'nightly', cron: '0 2 1 1 *', timezone: 'UTC' }],
    storePath: join(root, '.driftgate', 'state.db'),
    staleAfterMs: 48 * 3_600_000,
    scanArgs: [],
    mail: { host: '127.0.0.1', port: smtpPort, security: 'none', from: 'driftgate@example.org', to: ['netops@example.org'], send: 'changes' },
    http: { host: '127.0.0.1', port: 0, tokenEnv: 'DRIFTGATE_TEST_TOKEN' },
    ...overrides,
  };
}

/** Polls `condition` every 25 ms until it is true, and throws `message` after `timeoutMs`. */
export async function waitFor(condition: () => boolean, message: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
