/** `driftgate serve`: the drift service with schedules, history, digests, health and metrics. */
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { findConfig, loadConfig } from '../engine/config.js';
import { loadRules } from '../engine/registry.js';
import { createServiceLogger } from '../service/logger.js';
import { startService } from '../service/service.js';
import { resolveServiceSettings } from '../service/settings.js';
import { SqliteStore } from '../service/sqlite-store.js';
import { createScanRunner } from '../service/wiring.js';
import { EXIT, UsageError } from './errors.js';

export const serveHelp = `Usage: driftgate serve [options]

Runs the drift service: scans on the schedules of the service section of driftgate.yaml, keeps
history in a SQLite store, mails digests and serves /healthz, /readyz, /metrics and POST /run.
Logs are JSON lines on stderr. SIGTERM or SIGINT stops it once the running scan ends, or
aborts that scan after 60 s and records it as interrupted. docs/operations.md has the details.

Options:
  --config FILE   driftgate.yaml to use (default: the nearest one above the current folder)
  -h, --help      show this help
`;

/** Runs the service until SIGTERM or SIGINT and returns the exit code. */
export async function runServe(args: string[], cwd: string): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(serveHelp);
    return EXIT.clean;
  }
  const configPath = values.config ? resolve(cwd, values.config) : findConfig(cwd);
  if (!configPath) throw new UsageError('no driftgate.yaml found in this folder or above; pass --config FILE');
  const config = loadConfig(configPath, dirname(configPath), cwd, await loadRules());
  const settings = resolveServiceSettings(config);
  const log = createServiceLogger();
  const store = new SqliteStore(settings.storePath);
  const service = await startService({ settings, store, runScan: createScanRunner(settings.root, settings.scanArgs, log.child({ component: 'scan' })), log });
  await new Promise<void>((resolveStop) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      log.info({ signal }, 'stop requested');
      resolveStop();
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  await service.stop();
  return EXIT.clean;
}
