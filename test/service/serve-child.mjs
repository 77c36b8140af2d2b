// Test entry that runs the compiled drift service as its own process, so tests can SIGKILL it.
// Usage: node serve-child.mjs SETUP.json. SETUP contains the service settings, the retry timing
// and the path of a plan file with the report of each scan, read again at every scan.
import { readFileSync } from 'node:fs';

import { createServiceLogger } from '../../dist/src/service/logger.js';
import { startService } from '../../dist/src/service/service.js';
import { SqliteStore } from '../../dist/src/service/sqlite-store.js';

const setup = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const log = createServiceLogger('info');

/** Reports the hosts of the plan file; like the scanner, it stops early when aborted. */
async function runPlannedScan(signal) {
  const plan = JSON.parse(readFileSync(setup.planFile, 'utf8'));
  if (plan.delayMs) {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, plan.delayMs);
      signal.addEventListener('abort', () => {
        clearTimeout(timer);
        reject(new Error('scan aborted'));
      });
    });
  }
  if (plan.failWith) throw new Error(plan.failWith);
  return {
    toolVersion: '0.1.0-test',
    startedAt: new Date().toISOString(),
    desired: { source: '/srv/desired', ref: 'main', commit: '0123456789abcdef0123456789abcdef01234567' },
    hosts: plan.hosts,
  };
}

const service = await startService({
  settings: setup.settings,
  store: new SqliteStore(setup.settings.storePath),
  runScan: runPlannedScan,
  log,
  mailPollMs: 100,
  retry: { baseMs: setup.retryBaseMs, maxMs: setup.retryBaseMs * 4 },
  shutdownGraceMs: setup.shutdownGraceMs ?? 60_000,
});
process.stdout.write(`${JSON.stringify({ httpPort: service.httpPort })}\n`);
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    void service.stop().then(() => process.exit(0));
  });
}
