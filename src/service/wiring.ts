/**
 * Wiring of the service to the drift scanner: the one function that produces a ScanReport.
 *
 * This runs `driftgate scan --format json` as a child process, so a crash or hang in a scan
 * cannot take the service down.
 * NOTE: without the scanner in the build, every scan fails with "unknown command" and is alerted
 * as failed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Logger } from 'pino';

import { redact } from './redact.js';
import type { RunScan, ScanReport } from './scan-report.js';

/** Characters of the scanner's stderr kept for the failure message. */
const STDERR_TAIL = 2000;

/** Returns the path of bin/driftgate.js of this installation. */
export function driftgateBin(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(folder, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'driftgate') {
      return join(folder, 'bin', 'driftgate.js');
    }
    const parent = dirname(folder);
    if (parent === folder) throw new Error('cannot find the driftgate package folder above the service module');
    folder = parent;
  }
}

/** Creates the scan function: `driftgate scan --repo ROOT --format json ARGS`, stopped by the signal. */
export function createScanRunner(root: string, scanArgs: string[], log: Logger): RunScan {
  return (signal) =>
    new Promise<ScanReport>((resolve, reject) => {
      const args = [driftgateBin(), 'scan', '--repo', root, '--format', 'json', ...scanArgs];
      // Arguments go to the child as an array, never through a shell.
      const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], signal, killSignal: 'SIGTERM' });
      const stdout: Buffer[] = [];
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-STDERR_TAIL);
        for (const line of chunk.split('\n').filter(Boolean)) log.info({ scanner: redact(line) }, 'scanner output');
      });
      child.on('error', (error) => reject(signal.aborted ? new Error('scan aborted') : error));
      child.on('close', (code) => {
        // Exit codes of `driftgate scan`: 0 no drift, 1 drift or failed hosts, 2 no scan.
        if (code !== 0 && code !== 1) {
          reject(new Error(`driftgate scan exited with ${String(code)}: ${stderr.trim() || 'no message'}`));
          return;
        }
        try {
          resolve(JSON.parse(Buffer.concat(stdout).toString('utf8')) as ScanReport);
        } catch (error) {
          reject(new Error(`driftgate scan printed no valid JSON report: ${(error as Error).message}`));
        }
      });
    });
}
