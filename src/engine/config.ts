/** Reading driftgate.yaml: which files, which rules with which severity and options, suppressions. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

import { ActionableError } from '../errors.js';
import { BUILTIN_CHECKS } from '../model.js';
import type { LoadedDocument, Severity, SourceRange } from '../model.js';
import { yamlFormat } from '../formats/canonical.js';
import { validateDocument, validateWithSchema } from '../load/schemas.js';
import type { RepositoryConfig } from '../types/config.js';
import type { Waivers } from '../types/waivers.js';
import { closestMatch } from '../util/text.js';
import type { AnyRule } from './rule.js';

/** File name of the repository configuration. */
export const CONFIG_FILE = 'driftgate.yaml';

/** File name of the waivers file kept beside driftgate.yaml. */
export const WAIVERS_FILE = 'driftgate.waivers.yaml';

/** A problem in driftgate.yaml that stops a run, with its place. */
export interface ConfigProblem extends SourceRange {
  file: string;
  message: string;
}

/** Thrown when driftgate.yaml cannot be used; the CLI prints each problem and exits with 2. */
export class ConfigError extends ActionableError {
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map((problem) => `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`).join('\n'));
  }
}

/** Severity and options of one enabled rule. */
export interface RuleSetting {
  rule: AnyRule;
  severity: Severity;
  options: object;
  /**
   * True when driftgate.yaml sets the severity. Then it applies to every finding of the rule,
   * including those the rule reports with a lower severity of their own.
   */
  configured?: boolean;
}

/** A suppression or waiver: accepted findings, with where it is written. */
export interface Acceptance {
  kind: 'suppression' | 'waiver';
  rule: string;
  files?: string[];
  target?: string;
  reason: string;
  owner?: string;
  expires?: string;
  document: LoadedDocument;
  path: (string | number)[];
}

/** A configuration resolved against the known rules. */
export interface ResolvedConfig {
  /** Folder that globs in the configuration are relative to. */
  root: string;
  /** The configuration file, when there is one. */
  document?: LoadedDocument<RepositoryConfig>;
  data: RepositoryConfig;
  /** Enabled rules, by id. */
  rules: Map<string, RuleSetting>;
  /** Suppressions and waivers, from driftgate.yaml and driftgate.waivers.yaml. */
  acceptances: Acceptance[];
}

/** Returns the driftgate.yaml in `start` or the nearest folder above it, stopping at a git root. */
export function findConfig(start: string): string | undefined {
  let folder = resolve(start);
  for (;;) {
    const candidate = join(folder, CONFIG_FILE);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(folder, '.git'))) return undefined;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/** Reads and checks a configuration file; with no file, returns the defaults for `root`. */
export function loadConfig(path: string | undefined, root: string, cwd: string, rules: readonly AnyRule[]): ResolvedConfig {
  if (path === undefined) {
    return { root, data: { kind: 'config' }, rules: resolveRules({ kind: 'config' }, rules, undefined, []), acceptances: [] };
  }
  const file = relative(cwd, path).split(sep).join('/');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([{ file, line: 1, column: 1, endLine: 1, endColumn: 1, message: `cannot read the configuration (${(error as NodeJS.ErrnoException).code ?? 'error'})` }]);
  }
  const parsed = yamlFormat.parse(text, { file, absolutePath: path, explicit: true });
  const problems: ConfigProblem[] = parsed.findings.map((finding) => ({ ...asRange(finding), file, message: finding.message }));
  const document = parsed.documents.find((candidate) => candidate.kind === 'config') as LoadedDocument<RepositoryConfig> | undefined;
  if (!document) {
    if (problems.length === 0) {
      problems.push({ file, line: 1, column: 1, endLine: 1, endColumn: 1, message: 'expected a document with `kind: config`' });
    }
    throw new ConfigError(problems);
  }
  const schemaProblems = validateDocument('config', document.data);
  for (const problem of schemaProblems) {
    problems.push({ file, ...document.locator.locate(problem.path, problem.target), message: problem.message });
  }
  // Unknown rule ids need only the keys of `rules` and the `rule` of each suppression and
  // waiver, so they are reported in the same run as schema errors. Rule options are checked
  // when `rules` itself has no schema error, because their check reads each severity.
  checkRuleIds(document, rules, problems);
  const settings = schemaProblems.some((problem) => problem.path[0] === 'rules') ? undefined : resolveRules(document.data, rules, document, problems);
  const acceptances = [
    ...acceptancesOf(document, 'suppressions'),
    ...acceptancesOf(document, 'waivers'),
    ...loadWaivers(join(dirname(path), WAIVERS_FILE), cwd, problems),
  ];
  checkAcceptedRules(acceptances, rules, problems);
  if (problems.length > 0 || !settings) {
    throw new ConfigError(problems);
  }
  return { root: dirname(path), document, data: document.data, rules: settings, acceptances };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Lists the suppressions or waivers of driftgate.yaml. In a document with schema errors, an entry
 * without a `rule` string is left out, because the schema errors already name it.
 */
function acceptancesOf(document: LoadedDocument<RepositoryConfig>, key: 'suppressions' | 'waivers'): Acceptance[] {
  const entries: unknown = document.data[key];
  if (!Array.isArray(entries)) return [];
  const kind = key === 'suppressions' ? ('suppression' as const) : ('waiver' as const);
  const acceptances: Acceptance[] = [];
  entries.forEach((entry: unknown, index) => {
    if (!isRecord(entry) || typeof entry.rule !== 'string') return;
    acceptances.push({ ...(entry as unknown as Omit<Acceptance, 'kind' | 'document' | 'path'>), kind, document, path: [key, index] });
  });
  return acceptances;
}

/** Reports keys of `rules` that name no rule, with a guess at the id that was meant. */
function checkRuleIds(document: LoadedDocument<RepositoryConfig>, rules: readonly AnyRule[], problems: ConfigProblem[]): void {
  const configured: unknown = document.data.rules;
  if (!isRecord(configured)) return;
  const ids = rules.map((rule) => rule.id);
  for (const id of Object.keys(configured)) {
    if (ids.includes(id)) continue;
    const guess = closestMatch(id, ids);
    problems.push({
      file: document.file,
      ...document.locator.locate(['rules', id], 'key'),
      message: `unknown rule \`${id}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
    });
  }
}

/** Reports suppressions and waivers of unknown rule ids, which would silently cover nothing. */
function checkAcceptedRules(acceptances: readonly Acceptance[], rules: readonly AnyRule[], problems: ConfigProblem[]): void {
  const known = [...rules.map((rule) => rule.id), ...Object.values(BUILTIN_CHECKS)];
  for (const acceptance of acceptances) {
    if (known.includes(acceptance.rule)) continue;
    const guess = closestMatch(acceptance.rule, known);
    problems.push({
      file: acceptance.document.file,
      ...acceptance.document.locator.locate([...acceptance.path, 'rule']),
      message: `${acceptance.kind} of unknown rule \`${acceptance.rule}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
    });
  }
}

/** Reads driftgate.waivers.yaml when it exists, adding its problems to `problems`. */
function loadWaivers(path: string, cwd: string, problems: ConfigProblem[]): Acceptance[] {
  if (!existsSync(path)) return [];
  const file = relative(cwd, path).split(sep).join('/');
  const parsed = yamlFormat.parse(readFileSync(path, 'utf8'), { file, absolutePath: path, explicit: true });
  const document = parsed.documents[0];
  for (const finding of parsed.findings) problems.push({ ...asRange(finding), file, message: finding.message });
  if (!document) return [];
  if (document.kind !== ('waivers' as string)) {
    problems.push({ file, ...document.locator.locate(['kind']), message: 'expected `kind: waivers`' });
    return [];
  }
  const schemaProblems = validateDocument('waivers', document.data);
  for (const problem of schemaProblems) problems.push({ file, ...document.locator.locate(problem.path, problem.target), message: problem.message });
  if (schemaProblems.length > 0) return [];
  const data = document.data as Waivers;
  return data.waivers.map((entry, index) => ({ ...entry, kind: 'waiver' as const, document, path: ['waivers', index] }));
}

function asRange(range: { line: number; column: number; endLine?: number; endColumn?: number }): SourceRange {
  return { line: range.line, column: range.column, endLine: range.endLine ?? range.line, endColumn: range.endColumn ?? range.column };
}

function resolveRules(
  data: RepositoryConfig,
  rules: readonly AnyRule[],
  document: LoadedDocument<RepositoryConfig> | undefined,
  problems: ConfigProblem[],
): Map<string, RuleSetting> {
  const profile = data.profile ?? 'recommended';
  const settings = new Map<string, RuleSetting>();
  const where = (path: (string | number)[], target: 'value' | 'key' = 'value') => ({ file: document?.file ?? CONFIG_FILE, ...(document?.locator.locate(path, target) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 }) });

  for (const rule of rules) {
    const raw = data.rules?.[rule.id];
    const setting = typeof raw === 'string' ? { severity: raw } : (raw ?? {});
    const severity = setting.severity ?? (rule.profile === 'recommended' || profile === 'strict' ? rule.severity : 'off');
    if (severity === 'off') continue;

    const options = { ...(rule.options?.defaults ?? {}), ...(setting.options ?? {}) };
    // Defaults alone need no check: a test validates every rule's defaults against its schema,
    // and skipping the check spares compiling each options schema at every start.
    if (rule.options && setting.options !== undefined) {
      for (const problem of validateWithSchema(rule.options.schema, options)) {
        problems.push({ ...where(['rules', rule.id, 'options', ...problem.path]), message: `rule ${rule.id}: option ${problem.message}` });
      }
    } else if (setting.options && Object.keys(setting.options).length > 0) {
      problems.push({ ...where(['rules', rule.id, 'options']), message: `rule ${rule.id} takes no options` });
    }
    settings.set(rule.id, { rule, severity, options, configured: setting.severity !== undefined });
  }
  return settings;
}
