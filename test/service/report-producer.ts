/**
 * A deterministic producer of scan reports for service tests: it returns the hosts and findings
 * a test sets, in the ScanReport shape the drift scanner prints. It replaces only the scanner's
 * SSH collection. Everything after the report is the real service.
 */
import type { DriftFinding, HostResult, ScanReport } from '../../src/scan/findings.js';

/** What the next scans report; tests change it between scans. */
export interface ScanPlan {
  hosts: HostResult[];
  /** When set, the scan throws this message instead of reporting. */
  failWith?: string;
  /** Delay before the report, in milliseconds; an abort ends it early. */
  delayMs?: number;
}

/** Returns a scanned host with the given findings. */
export function scannedHost(host: string, findings: Omit<DriftFinding, 'host'>[], address = '198.18.0.2'): HostResult {
  return { host, address, status: 'scanned', findings: findings.map((finding) => ({ ...finding, host })), durationMs: 120 };
}

/** Returns a host that could not be reached. */
export function unreachableHost(host: string, address = '198.18.0.6'): HostResult {
  return { host, address, status: 'unreachable', message: `${address}:22: connect ETIMEDOUT`, findings: [], durationMs: 5000 };
}

/** Returns a function with the RunScan signature that reports `plan` as it is when called. */
export function planProducer(plan: ScanPlan): (signal: AbortSignal) => Promise<ScanReport> {
  return async (signal) => {
    if (plan.delayMs) await abortableDelay(plan.delayMs, signal);
    if (plan.failWith) throw new Error(plan.failWith);
    return {
      toolVersion: '0.1.0-test',
      startedAt: new Date().toISOString(),
      desired: { source: '/srv/desired', ref: 'main', commit: '0123456789abcdef0123456789abcdef01234567' },
      hosts: structuredClone(plan.hosts),
    };
  };
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('scan aborted'));
    });
  });
}

/** An extra firewall rule, the drift many web hosts share in the tests. */
export const extraRule: Omit<DriftFinding, 'host'> = {
  kind: 'firewall-rule',
  object: 'filter INPUT',
  expected: '(absent)',
  actual: '-A INPUT -p tcp --dport 8080 -j ACCEPT',
  severity: 'error',
  fix: 'Remove the rule or add it to the desired state, then re-run the scan.',
};

/** A changed sshd setting. */
export const sshdDrift: Omit<DriftFinding, 'host'> = {
  kind: 'sshd',
  object: 'PermitRootLogin',
  expected: 'no',
  actual: 'yes',
  severity: 'error',
  fix: 'Set PermitRootLogin no in /etc/ssh/sshd_config and reload sshd.',
};
