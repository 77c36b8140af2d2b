/**
 * Semantic comparison of a load-balancer config read from a host with the desired config in the
 * repository. Both go through the format registry into the load-balancer model, so comments,
 * section order, keyword spellings and the source format (haproxy.cfg or canonical YAML) do not
 * count as drift. Timeouts are compared after `defaults` inheritance.
 */
import { formatFor } from '../../formats/index.js';
import type { LoadedDocument } from '../../model.js';
import { formatBind } from '../../loadbalancer/binds.js';
import { BACKEND_TIMEOUTS, FRONTEND_TIMEOUTS } from '../../loadbalancer/effective.js';
import { effectiveMode, effectiveTimeout } from '../../loadbalancer/timeouts.js';
import type { TimeoutName } from '../../loadbalancer/timeouts.js';
import type { Backend, Frontend, LoadBalancer, Server } from '../../types/loadbalancer.js';
import { CONTENT_CAP_BYTES, sectionProblem } from '../collect.js';
import { collectorFix } from './collector-fix.js';
import type { CollectionOutput } from '../collect.js';
import type { DriftFinding } from '../findings.js';
import type { ResolvedHost } from '../inventory.js';
import type { RepoReader } from './host.js';
import { derivedFromRepo } from './host.js';

/** A parsed config, or why it could not be parsed. */
type Parsed = { data: LoadBalancer } | { error: string };

/** Parses a config with the format registry and returns its load-balancer document. */
export function parseLoadBalancer(text: string, file: string): Parsed {
  const format = formatFor(file, text.slice(0, 4096));
  if (!format) return { error: `${file}: no known load-balancer format (expected haproxy.cfg, YAML or JSON)` };
  const output = format.parse(text, { file, absolutePath: file, explicit: true });
  const error = output.findings.find((finding) => finding.severity === 'error');
  if (error) return { error: `${file}:${error.line}: ${error.message}` };
  const document = output.documents.find((candidate): candidate is LoadedDocument<LoadBalancer> => candidate.kind === 'loadbalancer');
  if (!document) return { error: `${file}: no load-balancer document found` };
  return { data: document.data };
}

/**
 * Describes every compared object of a config as `object name -> value`: frontends with their
 * binds, backends with their servers and whether they send responses themselves, and each
 * proxy's timeouts in effect in milliseconds.
 */
export function describeLoadBalancer(data: LoadBalancer): Map<string, string> {
  const objects = new Map<string, string>();
  for (const [index, frontend] of (data.frontends ?? []).entries()) describeFrontend(data, frontend, index, objects);
  for (const [index, backend] of (data.backends ?? []).entries()) describeBackend(data, backend, index, objects);
  return objects;
}

function describeFrontend(data: LoadBalancer, frontend: Frontend, index: number, objects: Map<string, string>): void {
  const key = `frontend ${frontend.name}`;
  const rules = (frontend.useBackends ?? []).map((rule) => `use_backend ${rule.backend}${rule.condition ? ` if ${rule.condition.replace(/\s+/g, ' ').trim()}` : ''}`);
  objects.set(key, [`mode ${effectiveMode(data, frontend.mode)}`, `default_backend ${frontend.defaultBackend ?? '(none)'}`, ...rules].join(', '));
  for (const bind of frontend.binds ?? []) {
    const options = [bind.ssl ? 'ssl' : '', bind.interface ? `interface ${bind.interface}` : ''].filter((option) => option !== '');
    objects.set(`${key} bind ${formatBind(bind)}`, options.length > 0 ? options.join(' ') : 'plain');
  }
  describeTimeouts(data, frontend.timeouts, ['frontends', index], FRONTEND_TIMEOUTS, key, objects);
}

function describeBackend(data: LoadBalancer, backend: Backend, index: number, objects: Map<string, string>): void {
  const key = `backend ${backend.name}`;
  const parts = [`mode ${effectiveMode(data, backend.mode)}`, `balance ${backend.balance ?? data.defaults?.balance ?? 'roundrobin'}`];
  // A backend that sends responses itself, such as the stats page or a redirect, handles requests
  // itself that it would otherwise pass to its servers, so gaining or losing that is drift.
  if (backend.respondsItself) parts.push('sends responses itself');
  objects.set(key, parts.join(', '));
  for (const server of backend.servers ?? []) objects.set(`${key} server ${server.name}`, describeServer(server));
  describeTimeouts(data, backend.timeouts, ['backends', index], BACKEND_TIMEOUTS, key, objects);
}

/** Writes a server with HAProxy's defaults spelled out: weight 1, no check, not backup, enabled. */
function describeServer(server: Server): string {
  const address = server.address.includes(':') ? `[${server.address}]` : server.address;
  const parts = [`${address}${server.port === undefined ? '' : `:${server.port}`}`, `weight ${server.weight ?? 1}`];
  if (server.check) parts.push('check');
  if (server.backup) parts.push('backup');
  if (server.disabled) parts.push('disabled');
  return parts.join(' ');
}

function describeTimeouts(data: LoadBalancer, own: Backend['timeouts'], path: (string | number)[], names: readonly TimeoutName[], key: string, objects: Map<string, string>): void {
  for (const name of names) {
    const effective = effectiveTimeout(data, own, path, name);
    if (effective?.milliseconds !== undefined) objects.set(`${key} timeout ${name}`, `${effective.milliseconds} ms`);
  }
}

/** Returns one finding per frontend, bind, backend, server or timeout that differs. */
export function compareLoadBalancers(host: ResolvedHost, collected: CollectionOutput, readRepo: RepoReader): DriftFinding[] {
  const findings: DriftFinding[] = [];
  for (const config of host.loadbalancerConfigs ?? []) {
    const report = (kind: string, object: string, expected: string, actual: string, fix: string) => {
      findings.push({ host: host.name, kind, object, expected, actual, severity: 'error', fix });
    };
    const source = readRepo(config.file);
    if (!source) {
      report('desired-state-error', config.hostFile, `source file ${config.file}`, 'not found in the repository', `Add ${config.file} to the repository or correct \`file\`.`);
      continue;
    }
    const desired = derivedFromRepo(readRepo, `loadbalancer ${config.file}`, () => parseLoadBalancer(source.toString('utf8'), config.file));
    if ('error' in desired) {
      report('desired-state-error', config.hostFile, 'a valid load-balancer config', desired.error, `Fix ${config.file}; run driftgate validate on it.`);
      continue;
    }
    const section = collected.contents?.get(config.hostFile);
    const problem = sectionProblem(section);
    if (problem !== undefined) {
      const missing = /No such file/i.test(section?.stderr ?? '');
      if (missing) report('loadbalancer-config', config.hostFile, 'present', 'missing', `Deploy ${config.hostFile} from ${config.file}.`);
      else {
        const fix = collectorFix(host, config.hostFile, section?.stderr ?? '', 'Make the file readable by the scan user (or use sudo), then rerun the scan.');
        report('collector-error', config.hostFile, 'load-balancer config', problem, fix);
      }
      continue;
    }
    if (section!.output.length > CONTENT_CAP_BYTES) {
      report('collector-error', config.hostFile, `a config up to ${CONTENT_CAP_BYTES} bytes`, 'larger', 'Compare this config by other means; the scanner reads at most 8 MiB.');
      continue;
    }
    const actual = parseLoadBalancer(section!.output.toString('utf8'), config.hostFile);
    if ('error' in actual) {
      report('loadbalancer-config', config.hostFile, `a config like ${config.file}`, `unparsable: ${actual.error}`, `Deploy ${config.hostFile} from ${config.file}.`);
      continue;
    }
    const fix = `Deploy ${config.hostFile} from ${config.file} and reload the load balancer, or commit the host's change if it is intended.`;
    const expectedObjects = describeLoadBalancer(desired.data);
    const actualObjects = describeLoadBalancer(actual.data);
    for (const [object, expected] of expectedObjects) {
      const value = actualObjects.get(object);
      if (value !== expected) report('loadbalancer', object, expected, value ?? 'absent', fix);
    }
    for (const [object, value] of actualObjects) {
      if (!expectedObjects.has(object)) report('loadbalancer', object, 'absent', value, fix);
    }
  }
  return findings;
}
