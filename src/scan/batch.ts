/**
 * Splitting of batched sections: the collection script queries all packages with one dpkg-query
 * (or rpm) call and all units with one systemctl call, and the comparison wants one section per
 * package or unit.
 */
import { unitFileName } from './collect.js';
import type { Section } from './collect.js';

function syntheticSection(name: string, status: number, output: string, stderr = ''): Section {
  return { name, status, output: Buffer.from(output, 'utf8'), truncated: false, stderr };
}

/** Lines of stderr that only name absent packages, from dpkg-query and from rpm. */
const ABSENT_PACKAGE = /no packages found matching|is not installed/i;

/**
 * Fills `into` with one section per package: `status<TAB>version` when dpkg or rpm lists it,
 * exit status 1 with "no packages found" when it does not. A batch that failed for another
 * reason is given to every package, so each one is reported as a collector error.
 */
export function splitPackages(batch: Section | undefined, names: string[], into: Map<string, Section>): void {
  if (!batch) return;
  const otherErrors = batch.stderr.split('\n').filter((line) => line.trim() !== '' && !ABSENT_PACKAGE.test(line));
  // rpm exits with the number of absent packages and names them on stdout, so a status above 1
  // is a failure only when no absent package explains it.
  const absentOnStdout = ABSENT_PACKAGE.test(batch.output.toString('utf8'));
  if (batch.truncated || (batch.status > 1 && !absentOnStdout) || batch.status < 0 || otherErrors.length > 0) {
    for (const name of names) into.set(name, batch);
    return;
  }
  // dpkg-query prints `name:arch`; rpm prints the name only. A multiarch package can be listed
  // once per architecture, and an installed entry wins over a removed one.
  const listed = new Map<string, { status: string; version: string }>();
  for (const line of batch.output.toString('utf8').split('\n')) {
    const [qualified = '', status = '', version = ''] = line.split('\t');
    if (version === '' && status === '') continue;
    const bare = qualified.replace(/:[^:]*$/, '');
    for (const key of new Set([qualified, bare])) {
      const previous = listed.get(key);
      if (!previous || (!/\binstalled$/.test(previous.status) && /\binstalled$/.test(status))) listed.set(key, { status, version });
    }
  }
  for (const name of names) {
    const entry = listed.get(name);
    into.set(name, entry ? syntheticSection('package', 0, `${entry.status}\t${entry.version}`) : syntheticSection('package', 1, '', `no packages found matching ${name}`));
  }
}

/** Batched service sections as the script writes them. */
export interface ServiceBatch {
  /** `systemctl list-unit-files` output: unit name, state and preset per line. */
  enabled: Section | undefined;
  /** `systemctl is-active` output, one line per unit in request order; absent without systemd. */
  active: Section | undefined;
  /** `systemctl is-enabled` per unit instance, which list-unit-files does not list. */
  instances: Map<string, Section | undefined>;
}

/**
 * Fills `into` with one `enabled` and one `active` section per unit. An `enabled` section with
 * empty output means the unit file was not found.
 */
export function splitServices(names: string[], batch: ServiceBatch, into: Map<string, { enabled?: Section; active?: Section }>): void {
  const states = unitFileStates(batch.enabled);
  const activeLines = batch.active?.output.toString('utf8').split('\n').slice(0, -1) ?? [];
  // is-active exits non-zero when any unit is inactive, so only the line count shows a failure.
  // NOTE: one line per unit in argument order is how systemd 252 prints it; the tests run without
  // systemd as init, so this path has run only against recorded output.
  const activeBroken = batch.active !== undefined && (batch.active.truncated || activeLines.length !== names.length);
  names.forEach((name, index) => {
    const instance = batch.instances.has(name);
    let enabled: Section | undefined;
    if (instance) enabled = instanceState(batch.instances.get(name));
    else if (states instanceof Map) enabled = syntheticSection('service.enabled', 0, states.get(unitFileName(name)) ?? '');
    else enabled = states;
    let active: Section | undefined;
    if (batch.active && activeBroken) active = syntheticSection('systemctl is-active', -1, '', batch.active.stderr || `expected ${names.length} lines, got ${activeLines.length}`);
    else if (batch.active) active = syntheticSection('service.active', 0, activeLines[index]!);
    const entry: { enabled?: Section; active?: Section } = {};
    if (enabled) entry.enabled = enabled;
    if (active) entry.active = active;
    into.set(name, entry);
  });
}

/** Returns unit file states by name, or the failed section itself. */
function unitFileStates(section: Section | undefined): Map<string, string> | Section | undefined {
  if (!section) return undefined;
  const text = section.output.toString('utf8');
  // list-unit-files exits 1 with no output when none of the names has a unit file.
  const noneFound = section.status === 1 && text.trim() === '' && section.stderr === '';
  if (section.truncated || (section.status !== 0 && !noneFound)) return section;
  const states = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [unit, state] = line.trim().split(/\s+/);
    if (unit && state) states.set(unit, state);
  }
  return states;
}

/** `systemctl is-enabled` exits 1 for a disabled unit and prints "Failed to get unit file state" for a missing one. */
function instanceState(section: Section | undefined): Section | undefined {
  if (!section || section.truncated || section.status === 127) return section;
  const state = section.output.toString('utf8').trim();
  if (state !== '') return syntheticSection('service.enabled', 0, state);
  if (/No such file|not found/i.test(section.stderr)) return syntheticSection('service.enabled', 0, '');
  return section;
}
