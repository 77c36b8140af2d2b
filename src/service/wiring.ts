/**
 * Wiring of the service to the drift scanner: the one function that produces a ScanReport.
 *
 * This runs `driftgate scan --format json` as a child process, so a crash or hang in a scan
 * cannot take the service down.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { Logger } from 'pino';

import { redact } from './redact.js';
import type { ScanReport } from '../scan/findings.js';
import { SCAN_JSON_VERSION } from '../scan/report.js';
import type { RunScan } from './service.js';

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
        const outcome = readScanOutput(code, Buffer.concat(stdout).toString('utf8'), stderr);
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      });
    });
}

/**
 * Turns the exit code and output of `driftgate scan` into a report or an error. Exit codes of
 * the scan CLI: 0 no drift, 1 drift or some hosts not scanned, 2 no scan or no host scanned.
 * Exit 2 prints a JSON report when the scan ran but every host failed, so the store can list
 * those hosts; exit 2 without a report (bad inventory, unknown ref) is a failed scan.
 */
export function readScanOutput(code: number | null, stdout: string, stderr: string): ScanReport | Error {
  if (code !== 0 && code !== 1 && code !== 2) {
    return new Error(`driftgate scan exited with ${String(code)}: ${stderr.trim() || 'no message'}`);
  }
  if (code === 2 && stdout.trim() === '') {
    return new Error(`driftgate scan exited with 2: ${stderr.trim() || 'no message'}`);
  }
  let report: unknown;
  try {
    report = JSON.parse(stdout);
  } catch (error) {
    return new Error(`driftgate scan printed no valid JSON report: ${(error as Error).message}`);
  }
  if (!isScanReport(report)) return new Error('driftgate scan printed JSON that is not a scan report (no hosts list or desired commit)');
  const { version, ...rest } = report as ScanReport & { version?: unknown };
  if (version !== SCAN_JSON_VERSION) {
    return new Error(`driftgate scan printed a report of version ${String(version)}, but the service reads version ${SCAN_JSON_VERSION}; run the service and the scan from one driftgate install`);
  }
  return rest;
}

function isScanReport(value: unknown): value is ScanReport {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ScanReport>;
  return Array.isArray(candidate.hosts) && typeof candidate.desired?.commit === 'string';
}
