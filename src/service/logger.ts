/** The service's logger: pino JSON lines on stderr. */
import pino from 'pino';
import type { Logger } from 'pino';

/** Creates the logger; writes are synchronous so the last lines before a crash are kept. */
export function createServiceLogger(level = process.env.DRIFTGATE_LOG_LEVEL ?? 'info'): Logger {
  return pino(
    { level, base: { service: 'driftgate' }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 2, sync: true }),
  );
}
