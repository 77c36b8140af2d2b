/** Shapes of scan results: drift findings and per-host outcomes. */

/** Severity of a drift finding; `critical` is kept for signs of tampering. */
export type DriftSeverity = 'critical' | 'error' | 'warning';

/** One difference between a host and its desired state, or one reason it could not be checked. */
export interface DriftFinding {
  host: string;
  /** Kind of comparison or failure, such as `file-content`, `sshd`, `host-key-changed`. */
  kind: string;
  /** The object that drifted, such as a file path, package name or sshd keyword. */
  object: string;
  expected: string;
  actual: string;
  severity: DriftSeverity;
  /** How to bring the host back, in one sentence. */
  fix: string;
}

/** Outcome of one host: `scanned` when collection ran, otherwise why it did not. */
export type HostStatus =
  | 'scanned'
  | 'unreachable'
  | 'connect-timeout'
  | 'auth-failed'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'command-timeout'
  | 'total-timeout'
  | 'ssh-error'
  | 'collector-failed';

/** One host's result. */
export interface HostResult {
  host: string;
  address: string;
  status: HostStatus;
  /** Reason the host could not be scanned; absent when it was. */
  message?: string;
  findings: DriftFinding[];
  /** What the collector could not read on a scanned host, such as service active states. */
  notes?: string[];
  durationMs: number;
}

/** A whole scan: which commit it compared against and every host's result. */
export interface ScanReport {
  toolVersion: string;
  startedAt: string;
  /** Repository location, commit and ref of the desired state. */
  desired: { source: string; ref: string; commit: string; stale?: string };
  hosts: HostResult[];
}

/** Returns the number of findings and failed hosts, which decides the exit code. */
export function countProblems(report: ScanReport): { drift: number; failedHosts: number; scannedHosts: number } {
  let drift = 0;
  let failedHosts = 0;
  let scannedHosts = 0;
  for (const host of report.hosts) {
    drift += host.findings.length;
    if (host.status === 'scanned') scannedHosts += 1;
    else failedHosts += 1;
  }
  return { drift, failedHosts, scannedHosts };
}
