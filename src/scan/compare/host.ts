/**
 * Comparison of one host's collected state with the desired state that applies to it, for
 * managed files, packages, services, sshd settings and sysctl values.
 */
import { createHash } from 'node:crypto';

import { sectionProblem } from '../collect.js';
import { collectorFix } from './collector-fix.js';
import type { ScanLogin } from './collector-fix.js';
import type { CollectionOutput, Section } from '../collect.js';
import type { DriftFinding, DriftSeverity } from '../findings.js';
import type { ResolvedHost } from '../inventory.js';
import { normalizeSshdKeyword, normalizeSshdValue, parseSshdT } from '../normalize/sshd.js';

/** Reads a file of the desired-state checkout; returns undefined when it does not exist. */
export type RepoReader = (path: string) => Buffer | undefined;

/** Values derived from repository files, per reader: one reader serves one scan of one checkout. */
const derivedByReader = new WeakMap<RepoReader, Map<string, unknown>>();

/**
 * Returns `derive()`, computed once per reader and key. Every host of a scan shares the
 * checkout's files, so parsing, validating or hashing them again for each host only costs CPU.
 */
export function derivedFromRepo<T>(readRepo: RepoReader, key: string, derive: () => T): T {
  let cache = derivedByReader.get(readRepo);
  if (!cache) {
    cache = new Map();
    derivedByReader.set(readRepo, cache);
  }
  if (!cache.has(key)) cache.set(key, derive());
  return cache.get(key) as T;
}

/** Returns the SHA-256 of a repository file as lower-case hex, or undefined when it does not exist. */
export function desiredSha256(readRepo: RepoReader, source: string): string | undefined {
  return derivedFromRepo(readRepo, `sha256 ${source}`, () => {
    const content = readRepo(source);
    return content && createHash('sha256').update(content).digest('hex');
  });
}

type Report = (kind: string, object: string, expected: string, actual: string, fix: string, severity?: DriftSeverity) => void;

/** Returns every difference between a host's collected state and its desired state. */
export function compareHost(host: ResolvedHost, collected: CollectionOutput, readRepo: RepoReader): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const report: Report = (kind, object, expected, actual, fix, severity = 'error') => {
    findings.push({ host: host.name, kind, object, expected, actual, severity, fix });
  };
  compareFiles(host, collected, readRepo, report);
  comparePackages(host, collected, report);
  compareServices(host, collected, report);
  compareSshd(host, collected, report);
  compareSysctl(host, collected, report);
  return findings;
}

/** Reports a section whose command failed as a collector error, never as "no drift". */
function failedSection(login: ScanLogin, section: Section | undefined, kind: string, object: string, report: Report): boolean {
  const problem = sectionProblem(section);
  if (problem === undefined) return false;
  const fallback = `Run the command on the host as "${login.user}"${login.sudo ? ' through sudo' : ''} to see why it fails, then rerun the scan.`;
  report('collector-error', object, `${kind} data`, problem, collectorFix(login, object, section?.stderr ?? '', fallback));
  return true;
}

function compareFiles(host: ResolvedHost, collected: CollectionOutput, readRepo: RepoReader, report: Report) {
  for (const file of host.files) {
    const sections = collected.files.get(file.path);
    const stat = sections?.stat;
    const missing = stat !== undefined && stat.status !== 0 && /No such file/i.test(stat.stderr);
    if (file.absent) {
      if (!missing && stat?.status === 0) report('file-present', file.path, 'absent', 'present', `Remove ${file.path} from the host.`);
      continue;
    }
    if (missing) {
      report('file-missing', file.path, 'present', 'missing', `Deploy ${file.path} from ${file.source ?? 'the repository'}.`);
      continue;
    }
    if (failedSection(host, stat, 'file', file.path, report)) continue;
    const [mode = '', owner = '', group = ''] = stat!.output.toString('utf8').trim().split(' ');
    if (file.mode !== undefined && parseInt(file.mode, 8) !== parseInt(mode, 8)) {
      report('file-mode', file.path, formatMode(file.mode), formatMode(mode), `Run chmod ${formatMode(file.mode)} on ${file.path}.`);
    }
    if (file.owner !== undefined && file.owner !== owner) {
      report('file-owner', file.path, file.owner, owner, `Run chown ${file.owner} on ${file.path}.`);
    }
    if (file.group !== undefined && file.group !== group) {
      report('file-group', file.path, file.group, group, `Run chgrp ${file.group} on ${file.path}.`);
    }
    if (file.source !== undefined) compareContent(host, file.path, file.source, sections!, readRepo, report);
  }
}

function compareContent(host: ResolvedHost, path: string, source: string, sections: { sha256?: Section; text?: Section }, readRepo: RepoReader, report: Report) {
  const desired = readRepo(source);
  if (!desired) {
    report('desired-state-error', path, `source file ${source}`, 'not found in the repository', `Add ${source} to the repository or correct \`source\`.`);
    return;
  }
  if (failedSection(host, sections.sha256, 'file', path, report)) return;
  const actualHash = sections.sha256!.output.toString('utf8').split(/\s/)[0] ?? '';
  const desiredHash = desiredSha256(readRepo, source)!;
  if (actualHash === desiredHash) return;
  const actualText = sections.text?.status === 0 ? sections.text.output : undefined;
  const difference = actualText ? firstDifference(desired, actualText) : undefined;
  report(
    'file-content',
    path,
    `sha256 ${desiredHash.slice(0, 16)}${difference ? `, ${difference.expected}` : ''}`,
    `sha256 ${actualHash.slice(0, 16)}${difference ? `, ${difference.actual}` : ''}`,
    `Deploy ${path} from ${source}, or commit the host's version if the change is intended.`,
  );
}

/** Describes the first differing line of two texts, for a short diff in the finding. */
export function firstDifference(desired: Buffer, actual: Buffer): { expected: string; actual: string } | undefined {
  if (desired.includes(0) || actual.includes(0)) return undefined;
  const left = desired.toString('utf8').split('\n');
  const right = actual.toString('utf8').split('\n');
  for (let index = 0; index < Math.max(left.length, right.length); index += 1) {
    if (left[index] !== right[index]) {
      const show = (line: string | undefined) => (line === undefined ? '(no line)' : JSON.stringify(line.slice(0, 120)));
      return { expected: `line ${index + 1}: ${show(left[index])}`, actual: `line ${index + 1}: ${show(right[index])}` };
    }
  }
  return undefined;
}

function formatMode(mode: string): string {
  return `0${parseInt(mode, 8).toString(8).padStart(3, '0')}`;
}

/** Drops a zero epoch (`0:1.2-3` is `1.2-3`), as dpkg and rpm print versions differently. */
function normalizeVersion(version: string): string {
  return version.trim().replace(/^0:/, '');
}

function comparePackages(host: ResolvedHost, collected: CollectionOutput, report: Report) {
  for (const [name, desired] of Object.entries(host.packages)) {
    const section = collected.packages.get(name);
    const installed = packageVersion(section);
    if (installed === 'error') {
      failedSection(host, section, 'package', name, report);
      continue;
    }
    if (desired === 'absent') {
      if (installed !== undefined) report('package', name, 'absent', installed, `Remove package ${name}.`);
    } else if (installed === undefined) {
      report('package', name, desired, 'not installed', `Install package ${name}${desired === 'present' ? '' : ` at version ${desired}`}.`);
    } else if (desired !== 'present' && normalizeVersion(desired) !== normalizeVersion(installed)) {
      report('package', name, desired, installed, `Install ${name} at version ${desired}, or update the inventory if the upgrade is intended.`);
    }
  }
}

/** Returns the installed version, undefined when not installed, or `error` when the query failed. */
function packageVersion(section: Section | undefined): string | undefined | 'error' {
  if (!section) return 'error';
  const text = section.output.toString('utf8').trim();
  if (section.status !== 0) {
    // dpkg-query and rpm exit 1 with "no packages found" / "is not installed" for absent packages.
    return /no packages found|not installed/i.test(`${section.stderr} ${text}`) ? undefined : 'error';
  }
  if (text.includes('\t')) {
    const [status = '', version = ''] = text.split('\t');
    return /\binstalled$/.test(status.trim()) ? version : undefined;
  }
  return text;
}

function compareServices(host: ResolvedHost, collected: CollectionOutput, report: Report) {
  for (const service of host.services) {
    const sections = collected.services.get(service.name);
    if (failedSection(host, sections?.enabled, 'service', service.name, report)) continue;
    // An empty unit file state means systemctl did not find the unit.
    const enabled = sections!.enabled!.output.toString('utf8').trim() || 'not-found';
    const severity: DriftSeverity = service.monitoring ? 'critical' : 'error';
    const label = service.monitoring ? 'monitoring agent' : 'service';
    const enabledNow = ['enabled', 'enabled-runtime', 'static', 'indirect', 'alias', 'generated'].includes(enabled);
    if (enabled === 'not-found') {
      report('service', service.name, 'installed unit', 'unit not found', `Install the ${label} ${service.name}.`, severity);
      continue;
    }
    if (service.enabled !== enabledNow) {
      const expected = service.enabled ? 'enabled' : 'disabled';
      report('service-enabled', service.name, expected, enabled, `Run systemctl ${service.enabled ? 'enable' : 'disable'} ${service.name}.`, severity);
    }
    // Without systemd as init there is no active state to read. collectorNotes reports that once
    // per host, because it is a limit of the collector and not drift.
    if (collected.systemdRunning === false) continue;
    if (failedSection(host, sections!.active, 'service', service.name, report)) continue;
    const active = sections!.active!.output.toString('utf8').trim();
    if (service.active !== (active === 'active' || active === 'reloading')) {
      report('service-active', service.name, service.active ? 'active' : 'inactive', active, `Run systemctl ${service.active ? 'start' : 'stop'} ${service.name}.`, severity);
    }
  }
}

/**
 * Returns notes on what the collector could not read on this host, such as the active state of
 * services when systemd is not the running init. Notes are not drift and do not change the exit
 * code.
 */
export function collectorNotes(host: ResolvedHost, collected: CollectionOutput): string[] {
  const notes: string[] = [];
  if (host.services.length > 0 && collected.systemdRunning === false) {
    notes.push(
      `systemd is not the running init (/run/systemd/system is missing), so the active state of ${host.services.length} service(s) was not collected; enabled/disabled was compared from the unit files`,
    );
  }
  return notes;
}

function compareSshd(host: ResolvedHost, collected: CollectionOutput, report: Report) {
  if (Object.keys(host.sshd).length === 0) return;
  const section = collected.fixed.get('sshd');
  if (failedSection(host, section, 'sshd', 'sshd -T', report)) return;
  const wanted = new Set(Object.keys(host.sshd).map(normalizeSshdKeyword));
  const effective = parseSshdT(section!.output.toString('utf8'), wanted);
  // Only keywords named in the desired state are compared: sshd -T also prints every default.
  for (const [keyword, value] of Object.entries(host.sshd)) {
    const key = normalizeSshdKeyword(keyword);
    const expected = normalizeSshdValue(key, value);
    const actual = effective.get(key);
    if (!actual) {
      report('sshd', keyword, value, 'not reported by sshd -T', `Check the keyword ${keyword} against sshd_config(5) for the installed OpenSSH.`);
    } else if (actual.join(' ') !== expected) {
      report('sshd', keyword, value, actual.join(' '), `Set "${keyword} ${value}" in /etc/ssh/sshd_config and reload sshd.`);
    }
  }
}

function compareSysctl(host: ResolvedHost, collected: CollectionOutput, report: Report) {
  for (const [key, value] of Object.entries(host.sysctl)) {
    const section = collected.sysctl.get(key);
    if (section && section.status !== 0 && /cannot stat|No such file/i.test(section.stderr)) {
      report('sysctl', key, value, 'not present on the host', `Check the name ${key}; the kernel does not have it.`);
      continue;
    }
    if (failedSection(host, section, 'sysctl', key, report)) continue;
    const actual = section!.output.toString('utf8').trim().replace(/\s+/g, ' ');
    if (actual !== value.trim().replace(/\s+/g, ' ')) {
      report('sysctl', key, value, actual, `Set ${key} = ${value} in /etc/sysctl.d/ and run sysctl --system.`);
    }
  }
}
