/** The validation pipeline: files to documents, documents to findings. */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

import { BUILTIN_CHECKS, atLeast, formatPath } from '../model.js';
import type { Domain, Finding, LoadedDocument, Severity } from '../model.js';
import { formatFor, formatNamed, isCandidateName } from '../formats/index.js';
import { PathError, discoverFiles } from '../load/discover.js';
import { validateDocument } from '../load/schemas.js';
import { compareCodeUnits, fillTemplate } from '../util/text.js';
import { CONFIG_FILE, WAIVERS_FILE, findConfig, loadConfig } from './config.js';
import type { ResolvedConfig } from './config.js';
import { loadChecks, loadRuleCatalog } from './registry.js';
import { nativeSpellingOf } from './rule.js';
import type { AnyRule, ReportInput, RuleMessage } from './rule.js';
import { applySuppressions } from './suppress.js';

/** Settings of one validation run. */
export interface ValidateOptions {
  /** Folder that printed paths are relative to. */
  cwd: string;
  /** A driftgate.yaml to use instead of searching for one. */
  configPath?: string;
  /** Zone origin for zone files that give none. */
  origin?: string;
  /** Returns the same document at the base revision, for rules that judge a change. */
  findBase?(document: LoadedDocument): LoadedDocument | undefined;
  /** Today's date as YYYY-MM-DD, for suppression expiry; defaults to the current UTC date. */
  today?: string;
  /**
   * Report suppressions that cover no finding. Only true when the run read every file under
   * the configuration's folder, because a partial run cannot tell an unused suppression.
   */
  reportUnusedSuppressions?: boolean;
  /**
   * Skip named files that are neither driftgate documents nor of a recognised native format,
   * as a folder scan does, and list them in `skipped` instead of reporting `unreadable-file`.
   * Hooks that receive every staged YAML and JSON file set it.
   */
  onlyRecognised?: boolean;
  /**
   * Parse the files and check their schemas, but run no rule: the result has the documents and
   * the findings of loading only. For callers that need the documents of another revision.
   */
  loadOnly?: boolean;
}

/** One file's text, from disk or from a git revision. */
export interface SourceText {
  /** Path relative to the working directory, with `/` separators. */
  file: string;
  absolutePath: string;
  text: string;
  explicit: boolean;
  /** Reason the file could not be read, in which case `text` is empty. */
  error?: string;
  /** Set when `absolutePath` is a folder that could not be listed (see `error`). */
  folder?: boolean;
}

/** Everything a run produced. */
export interface ValidationResult {
  findings: Finding[];
  /** Files read, relative to the working directory. */
  files: string[];
  /** Named files left out under `onlyRecognised`, relative to the working directory. */
  skipped: string[];
  documents: LoadedDocument[];
  /** Rules enabled for at least one file. */
  rules: AnyRule[];
}

/** Validates the files below `paths`, each under the driftgate.yaml that governs it. */
export async function validatePaths(paths: readonly string[], options: ValidateOptions): Promise<ValidationResult> {
  const rules = await loadRuleCatalog();
  // `unlisted` is set when a folder below could not be listed, so the run did not read the whole tree.
  const groups = new Map<string, { config: ResolvedConfig; sources: SourceText[]; wholeTree: boolean; unlisted: boolean }>();

  for (const path of paths) {
    const absolute = resolve(options.cwd, path);
    const start = isFolder(absolute) ? absolute : dirname(absolute);
    const configPath = options.configPath ? resolve(options.cwd, options.configPath) : findConfig(start);
    const key = configPath ?? `no-config:${start}`;
    let group = groups.get(key);
    if (!group) {
      const config = loadConfig(configPath, configPath ? dirname(configPath) : start, options.cwd, rules);
      group = { config, sources: [], wholeTree: false, unlisted: false };
      groups.set(key, group);
    }
    if (isFolder(absolute) && coversFolder(absolute, group.config.root)) {
      group.wholeTree = true;
    }
    for (const found of discoverOrExplain(path, absolute, group.config)) {
      if (found.folderError) {
        group.unlisted = true;
        group.sources.push({ ...readSource(found.absolutePath, false, options.cwd, found.folderError), folder: true });
        continue;
      }
      const isSettings = [CONFIG_FILE, WAIVERS_FILE].some((name) => found.absolutePath.endsWith(`${sep}${name}`));
      if (found.absolutePath === configPath || (!found.explicit && isSettings)) {
        continue;
      }
      group.sources.push(readSource(found.absolutePath, found.explicit, options.cwd));
    }
  }

  const result: ValidationResult = { findings: [], files: [], skipped: [], documents: [], rules: [] };
  const enabled = new Map<string, AnyRule>();
  for (const { config, sources, wholeTree, unlisted } of groups.values()) {
    // A suppression may cover a file of a folder that could not be listed.
    const groupOptions = { ...options, reportUnusedSuppressions: wholeTree && !unlisted };
    const loaded = loadSources(dedupeSources(sources), config, groupOptions);
    if (options.loadOnly) {
      result.findings.push(...loaded.findings);
      result.documents.push(...loaded.checkable);
      continue;
    }
    // Only the rules of the domains found run, so only their checks are imported.
    await loadChecks(
      [...config.rules.values()].map((setting) => setting.rule),
      new Set(loaded.checkable.map((document) => document.kind as Domain)),
    );
    const part = judgeSources(loaded, config, groupOptions);
    result.findings.push(...part.findings);
    result.files.push(...part.files);
    result.skipped.push(...part.skipped);
    result.documents.push(...part.documents);
    part.rules.forEach((rule) => enabled.set(rule.id, rule));
  }
  result.rules = [...enabled.values()].sort((left, right) => compareCodeUnits(left.id, right.id));
  result.findings.sort(compareFindings);
  return result;
}

function discoverOrExplain(path: string, absolute: string, config: ResolvedConfig) {
  try {
    return discoverFiles(absolute, config.root, config.data.include, config.data.exclude);
  } catch (error) {
    if (error instanceof PathError) {
      throw new PathError(error.message.replace(absolute, path));
    }
    throw error;
  }
}

/** Returns true when `folder` is `root` or a folder above it. */
function coversFolder(folder: string, root: string): boolean {
  const relativePath = relative(folder, root);
  return relativePath === '' || (!relativePath.startsWith('..') && !isAbsolute(relativePath));
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function dedupeSources(sources: SourceText[]): SourceText[] {
  const seen = new Map<string, SourceText>();
  for (const source of sources) {
    const earlier = seen.get(source.absolutePath);
    seen.set(source.absolutePath, earlier ? { ...earlier, explicit: earlier.explicit || source.explicit } : source);
  }
  return [...seen.values()];
}

/**
 * Reads a file as text; a file that cannot be read gets an `error` instead. A `failure` already
 * known, such as that of a folder that cannot be listed, skips the read.
 */
function readSource(absolutePath: string, explicit: boolean, cwd: string, failure?: string): SourceText {
  const file = relative(cwd, absolutePath).split(sep).join('/');
  if (failure) return { file, absolutePath, explicit, text: '', error: failure };
  try {
    return { file, absolutePath, explicit, text: readFileSync(absolutePath, 'utf8') };
  } catch (error) {
    return { file, absolutePath, explicit, text: '', error: (error as NodeJS.ErrnoException).code ?? 'read error' };
  }
}

/** Validates texts that share one configuration, whose rules' checks are loaded. */
export function validateSources(sources: readonly SourceText[], config: ResolvedConfig, options: ValidateOptions): ValidationResult {
  return judgeSources(loadSources(sources, config, options), config, options);
}

/** Texts parsed into documents, with the findings of parsing them and of their schemas. */
interface LoadedSources {
  sources: readonly SourceText[];
  findings: Finding[];
  /** Named files that gave neither a document nor a finding under `onlyRecognised`. */
  skipped: string[];
  /** Files found in folders that gave neither a document nor a finding. */
  unread: Set<string>;
  /** Documents that matched their schema, which the rules judge. */
  checkable: LoadedDocument[];
}

/** Parses texts that share one configuration and checks their documents against the schemas. */
function loadSources(sources: readonly SourceText[], config: ResolvedConfig, options: ValidateOptions): LoadedSources {
  const findings: Finding[] = [];
  const documents: LoadedDocument[] = [];
  const skipped: string[] = [];
  const unread = new Set<string>();

  for (const source of sources) {
    // Under onlyRecognised a named file is read as a file found in a folder, so one without
    // a recognised format or a top-level `kind` gives nothing instead of an error.
    const skippable = options.onlyRecognised === true && source.explicit && !source.error;
    const loaded = loadSource(skippable ? { ...source, explicit: false } : source, options, config);
    if (loaded.documents.length === 0 && loaded.findings.length === 0) {
      if (skippable) skipped.push(source.file);
      // A file found in a folder that contains nothing driftgate reads, such as YAML without a
      // `kind`, is not counted as checked.
      else if (!source.explicit) unread.add(source.file);
    }
    findings.push(...loaded.findings);
    documents.push(...loaded.documents);
  }

  const checkable: LoadedDocument[] = [];
  for (const document of documents) {
    // Documents of native parsers that are schema-valid by construction skip ajv.
    const problems = formatNamed(document.format)?.schemaValid ? [] : validateDocument(document.kind, document.data);
    for (const problem of problems) {
      findings.push({
        ruleId: BUILTIN_CHECKS.schema,
        severity: 'error',
        message: problem.message,
        file: document.file,
        ...document.locator.locate(problem.path, problem.target),
        path: formatPath(problem.path),
        fix: problem.fix ?? `See schemas/${document.kind}.schema.json for what \`${formatPath(problem.path) || 'the document'}\` accepts.`,
      });
    }
    if (problems.length === 0 && document.kind !== 'config' && document.kind !== 'waivers') {
      checkable.push(document);
    }
  }
  return { sources, findings, skipped, unread, checkable };
}

/** Runs the rules on loaded documents and applies the suppressions. */
function judgeSources({ sources, findings, skipped, unread, checkable }: LoadedSources, config: ResolvedConfig, options: ValidateOptions): ValidationResult {
  for (const document of checkable) {
    findings.push(...runRules(document, checkable, config, options));
  }

  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const judged = applySuppressions(findings, config, today, options.cwd, options.reportUnusedSuppressions);
  return {
    findings: judged.sort(compareFindings),
    files: sources.filter((source) => !source.folder).map((source) => source.file).filter((file) => !skipped.includes(file) && !unread.has(file)),
    skipped,
    documents: checkable,
    rules: [...config.rules.values()].map((setting) => setting.rule),
  };
}

function loadSource(source: SourceText, options: ValidateOptions, config: ResolvedConfig): { documents: LoadedDocument[]; findings: Finding[] } {
  // Editors on Windows often start UTF-8 files with a byte order mark, which JSON.parse
  // rejects and which hides a first-line `kind:` from format detection.
  const text = source.text.startsWith('\uFEFF') ? source.text.slice(1) : source.text;
  const head = text.slice(0, 4096);
  const unreadable = (message: string, fix: string): { documents: LoadedDocument[]; findings: Finding[] } => ({
    documents: [],
    findings: [{ ruleId: BUILTIN_CHECKS.unreadable, severity: 'error', message, file: source.file, line: 1, column: 1, fix }],
  });
  if (source.error && source.folder) {
    return unreadable(`cannot read the folder (${source.error}), so the files in it were not checked`, 'Make the folder readable by this user, or exclude it with `exclude` in driftgate.yaml.');
  }
  if (source.error) {
    return unreadable(`cannot read the file (${source.error})`, 'Check that the file exists and is readable by this user.');
  }
  if (looksBinary(source.file, head)) {
    return source.explicit ? unreadable('file is binary, not a configuration text', 'Name a text configuration file.') : { documents: [], findings: [] };
  }
  const format = formatFor(source.file, head);
  if (!format && source.explicit && source.text.trim() === '') {
    return unreadable('file is empty, so there is nothing to check', 'Name a file with configuration in it, or fill this one.');
  }
  if (!format) {
    return source.explicit
      ? unreadable('driftgate does not recognise this file\'s format', 'Give the file a `kind` (canonical YAML or JSON) or a name of a supported native format; see docs/formats.md.')
      : { documents: [], findings: [] };
  }
  return format.parse(text, {
    file: source.file,
    absolutePath: source.absolutePath,
    explicit: source.explicit,
    origin: options.origin ?? configuredOrigin(source, config),
    readInclude: (path) => readInclude(path, config.root, options.cwd),
  });
}

/** Returns the origin driftgate.yaml's `dns.origins` gives a zone file, keyed by path from its folder. */
function configuredOrigin(source: SourceText, config: ResolvedConfig): string | undefined {
  const origins = config.data.dns?.origins;
  if (!origins) {
    return undefined;
  }
  const key = relative(config.root, source.absolutePath).split(sep).join('/');
  return origins[key] ?? origins[`./${key}`];
}

/**
 * Reads a `$INCLUDE`d file. The path is relative to the repository root, as BIND resolves it
 * against its working directory. Returns undefined for a path outside the root or a non-file.
 */
function readInclude(path: string, root: string, cwd: string): { text: string; file: string } | undefined {
  const absolute = resolve(root, path);
  try {
    // Real paths, so that a symbolic link inside the repository cannot lead out of it.
    const inside = relative(realpathSync(root), realpathSync(absolute));
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || !statSync(absolute).isFile()) {
      return undefined;
    }
    return { text: readFileSync(absolute, 'utf8'), file: relative(cwd, absolute).split(sep).join('/') };
  } catch {
    return undefined;
  }
}

/**
 * Returns true for a binary file. A stray NUL or two in a file whose name a format claims, such
 * as a zone file, is left to the parser, which reports it at its line.
 */
function looksBinary(file: string, head: string): boolean {
  const nulCount = head.split('\u0000').length - 1;
  return nulCount > 2 || (nulCount > 0 && !isCandidateName(file));
}

function runRules(document: LoadedDocument, documents: readonly LoadedDocument[], config: ResolvedConfig, options: ValidateOptions): Finding[] {
  const findings: Finding[] = [];
  const base = options.findBase?.(document);
  for (const { rule, severity, options: ruleOptions, configured } of config.rules.values()) {
    if (rule.domain !== document.kind || (rule.requiresBase && !base)) {
      continue;
    }
    const report = (input: ReportInput): void => {
      findings.push(toFinding(rule, findingSeverity(severity, configured === true, input.severity), document, input));
    };
    try {
      rule.check({ document, data: document.data, options: ruleOptions, documents, base, report });
    } catch (error) {
      // A rule that throws has a bug; the run goes on and the failure is a finding of its own.
      findings.push({
        ruleId: BUILTIN_CHECKS.ruleFailure,
        severity: 'error',
        message: `rule ${rule.id} failed on this document: ${(error as Error).message}`,
        file: document.file,
        ...document.locator.locate([]),
        fix: 'This is a driftgate bug: report it with the file, and disable the rule in driftgate.yaml meanwhile.',
      });
    }
  }
  return findings;
}

/**
 * Returns a finding's severity: the rule setting's, lowered to the one the rule reported unless
 * driftgate.yaml sets the severity.
 */
function findingSeverity(setting: Severity, configured: boolean, reported: Severity | undefined): Severity {
  if (configured || reported === undefined || atLeast(reported, setting)) {
    return setting;
  }
  return reported;
}

function toFinding(rule: AnyRule, severity: Finding['severity'], document: LoadedDocument, input: ReportInput): Finding {
  const template = rule.messages[input.messageId];
  if (!template) {
    throw new Error(`rule ${rule.id} reported unknown message id "${input.messageId}"`);
  }
  const target = input.document ?? document;
  const data = input.data ?? {};
  const range = target.locator.locate(input.path, input.target);
  const related = input.related?.map((related) => {
    const relatedDocument = related.document ?? target;
    const relatedRange = relatedDocument.locator.locate(related.path, related.target);
    return { file: relatedDocument.file, line: relatedRange.line, column: relatedRange.column, message: related.message };
  });
  return {
    ruleId: rule.id,
    severity,
    message: fillTemplate(template.message, data),
    file: target.file,
    ...range,
    path: formatPath(input.path),
    fix: fillFix(template, target, data, range.line, related),
    messageId: input.messageId,
    data,
    related,
  };
}

/**
 * Fills the fix template, in the spelling of the document's native format when the rule gives
 * one, so that a hint on an iptables-save file names iptables options rather than YAML keys.
 */
function fillFix(template: RuleMessage, document: LoadedDocument, data: Record<string, unknown>, line: number, related: Finding['related']): string {
  const spelling = nativeSpellingOf(document.format);
  const native = spelling === undefined ? undefined : template.nativeFix?.[spelling];
  if (native === undefined) {
    return fillTemplate(template.fix, data);
  }
  const lines: Record<string, number> = { findingLine: line };
  const relatedLine = related?.find((place) => place.file === document.file)?.line;
  if (relatedLine !== undefined) {
    lines.relatedLine = relatedLine;
  }
  return fillTemplate(native, { ...lines, ...data });
}

/** Orders findings by file, line, column and rule id. */
export function compareFindings(left: Finding, right: Finding): number {
  return compareCodeUnits(left.file, right.file) || left.line - right.line || left.column - right.column || compareCodeUnits(left.ruleId, right.ruleId);
}
