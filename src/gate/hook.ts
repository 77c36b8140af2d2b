/** The git pre-commit hook: installing it beside an existing hook, and judging the staged content. */
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

import { CONFIG_FILE } from '../engine/config.js';
import { validatePaths } from '../engine/run.js';
import type { ValidationResult } from '../engine/run.js';
import { isCandidateName } from '../formats/index.js';
import { compareWithBase, renameFinding } from './fingerprint.js';
import { documentKey, type Finding, type LoadedDocument } from '../model.js';
import { packageRoot } from '../paths.js';
import { openPlainRepository, openRepository, removeSnapshot, snapshot, stagedFiles, topLevel, type GitCommands } from '../git/revision.js';

/** Marks a hook file as driftgate's, so install and uninstall never touch someone else's hook. */
const MARKER = '# driftgate pre-commit hook';

/** Suffix under which an existing hook is kept and run first. */
export const CHAINED_SUFFIX = '.driftgate-chained';

async function hookPath(cwd: string): Promise<string> {
  const git = openRepository(cwd);
  const top = await topLevel(git);
  // `--git-path hooks` honours core.hooksPath and linked worktrees.
  const hooks = (await git.raw(['rev-parse', '--git-path', 'hooks'])).trim();
  return join(isAbsolute(hooks) ? hooks : resolve(top, hooks), 'pre-commit');
}

function hookScript(): string {
  const cli = join(packageRoot, 'bin', 'driftgate.js');
  const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
  return `#!/bin/sh
${MARKER} (installed by \`driftgate hook install\`; remove with \`driftgate hook uninstall\`)
chained="$(dirname "$0")/pre-commit${CHAINED_SUFFIX}"
if [ -x "$chained" ]; then
  "$chained" "$@" || exit $?
fi
exec ${quote(process.execPath)} ${quote(cli)} hook run
`;
}

/** Installs the hook; an existing hook of another tool is kept and runs before driftgate. Returns what it did. */
export async function installHook(cwd: string): Promise<string> {
  const path = await hookPath(cwd);
  if (existsSync(path)) {
    if (readFileSync(path, 'utf8').includes(MARKER)) {
      writeFileSync(path, hookScript());
      return `updated the driftgate hook at ${path}`;
    }
    if (existsSync(`${path}${CHAINED_SUFFIX}`)) {
      throw new Error(`${path}${CHAINED_SUFFIX} already exists; move it away before installing`);
    }
    renameSync(path, `${path}${CHAINED_SUFFIX}`);
    writeFileSync(path, hookScript());
    chmodSync(path, 0o755);
    return `installed the driftgate hook at ${path}; the existing hook now runs first from ${path}${CHAINED_SUFFIX}`;
  }
  writeFileSync(path, hookScript());
  chmodSync(path, 0o755);
  return `installed the driftgate hook at ${path}`;
}

/** Removes driftgate's hook and puts a chained hook back in its place. Returns what it did. */
export async function uninstallHook(cwd: string): Promise<string> {
  const path = await hookPath(cwd);
  if (!existsSync(path) || !readFileSync(path, 'utf8').includes(MARKER)) {
    return `no driftgate hook at ${path}; nothing to remove`;
  }
  rmSync(path);
  if (existsSync(`${path}${CHAINED_SUFFIX}`)) {
    renameSync(`${path}${CHAINED_SUFFIX}`, path);
    return `removed the driftgate hook; restored the previous hook at ${path}`;
  }
  return `removed the driftgate hook at ${path}`;
}

/**
 * Validates the staged content of the staged configuration files (the index, not the work
 * tree), with the staged driftgate.yaml. Returns undefined when nothing relevant is staged.
 */
export async function validateStaged(cwd: string): Promise<ValidationResult | undefined> {
  const top = await topLevel(openPlainRepository(cwd));
  // Every path below is relative to the top folder, and git reads paths relative to its working
  // folder (checkout-index, archive), so the commands run there even when the hook runs by hand
  // from a subfolder.
  const git = openPlainRepository(top);
  // Both git commands start together, because each process start costs tens of milliseconds
  // on a busy machine. `--full-name` keeps ls-files paths relative to the top folder.
  const [stagedOutput, trackedOutput] = await Promise.all([
    stagedFiles(git),
    git.raw(['ls-files', '-z', '--full-name', '--', `:(top)${CONFIG_FILE}`, `:(top)*/${CONFIG_FILE}`]),
  ]);
  const staged = stagedOutput.files.filter((file) => isCandidateName(file) || file.endsWith(CONFIG_FILE));
  if (staged.length === 0) {
    return undefined;
  }
  const tracked = new Set(trackedOutput.split('\0').filter(Boolean));
  const wanted = [...new Set([...staged, ...tracked])];
  const folder = await snapshot(git, top, { index: true }, wanted);
  try {
    const files = staged.filter((file) => existsSync(join(folder, file)) && !file.endsWith(CONFIG_FILE));
    const targets = files.length > 0 ? files : [];
    // A file renamed without a change of content is judged against its old self, so a rename
    // alone does not block a commit for findings the file already had.
    const pureRenames = new Map([...stagedOutput.renames].filter(([, to]) => stagedOutput.pureRenames.has(to) && targets.includes(to)));
    // Rules that judge a change, such as an SOA serial that was not raised, compare each staged
    // document with the one in HEAD.
    const head = await readHead(git, top, targets, [...tracked], stagedOutput.renames, pureRenames);
    // Staged YAML and JSON files without a driftgate `kind`, such as CI workflows, are
    // skipped (`onlyRecognised`), so they do not block a commit.
    const result = await validatePaths(targets, {
      cwd: folder,
      onlyRecognised: true,
      findBase: (document) => head.documents.get(documentKey(document)),
    });
    return markUnchangedRenames(result, head.renamedFindings, new Set(pureRenames.values()));
  } finally {
    removeSnapshot(folder);
  }
}

/**
 * Marks the findings of purely renamed files (`renamed`, by new name) that HEAD has under the old
 * name as `unchanged`, so they do not block the commit. Any other finding of such a file, such
 * as one that depends on the file name, stays new.
 */
function markUnchangedRenames(result: ValidationResult, renamedFindings: readonly Finding[], renamed: ReadonlySet<string>): ValidationResult {
  if (renamed.size === 0) return result;
  const compared = compareWithBase(result.findings.filter((finding) => renamed.has(finding.file)), renamedFindings);
  const unchanged = new Set(compared.filter(({ state }) => state === 'unchanged').map(({ finding }) => finding));
  const findings = result.findings.map((finding): Finding => (unchanged.has(finding) ? { ...finding, baselineState: 'unchanged' } : finding));
  return { ...result, findings };
}

/** The HEAD versions of the staged files. */
interface HeadState {
  /** Documents by key, under their staged names. */
  documents: Map<string, LoadedDocument>;
  /** Findings of the files renamed without a change of content, under their staged names. */
  renamedFindings: Finding[];
}

/**
 * Returns the documents of `files` (and the configuration files `configs`) as HEAD has them,
 * by key, or none when there is no HEAD yet. Files that HEAD lacks are new and have no base. A
 * staged rename (`renames`, HEAD name to staged name) gets the document under its HEAD name.
 * The files of `pureRenames` are validated in full, with the configuration of HEAD, for their
 * findings.
 */
async function readHead(
  git: GitCommands,
  top: string,
  staged: string[],
  configs: string[],
  renames: ReadonlyMap<string, string>,
  pureRenames: ReadonlyMap<string, string>,
): Promise<HeadState> {
  const documents = new Map<string, LoadedDocument>();
  const head: HeadState = { documents, renamedFindings: [] };
  if (staged.length === 0) return head;
  const oldNames = new Map([...renames].filter(([, to]) => staged.includes(to)).map(([from, to]) => [to, from]));
  const files = staged.map((file) => oldNames.get(file) ?? file);
  let inHead: Set<string>;
  try {
    const listed = await git.raw(['ls-tree', '-r', '-z', '--name-only', '--full-name', 'HEAD', '--', ...[...files, ...configs].map((file) => `:(top)${file}`)]);
    inHead = new Set(listed.split('\0').filter(Boolean));
  } catch {
    return head;
  }
  // git archive fails on a path that HEAD lacks, such as a configuration file added in this commit.
  const present = files.filter((file) => inHead.has(file));
  if (present.length === 0) return head;
  const folder = await snapshot(git, top, { commit: 'HEAD' }, [...inHead]);
  try {
    const base = await validatePaths(present, { cwd: folder, onlyRecognised: true, loadOnly: true });
    for (const document of base.documents) {
      const renamed = renames.get(document.file);
      const current = renamed === undefined ? document : { ...document, file: renamed };
      documents.set(documentKey(current), current);
    }
    const renamedPresent = [...pureRenames.keys()].filter((file) => inHead.has(file));
    if (renamedPresent.length > 0) {
      const renamedBase = await validatePaths(renamedPresent, { cwd: folder, onlyRecognised: true });
      head.renamedFindings = renamedBase.findings.map((finding) => renameFinding(finding, pureRenames));
    }
  } finally {
    removeSnapshot(folder);
  }
  return head;
}
