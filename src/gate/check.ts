/** The pull-request check: findings at the head revision against those at the merge base. */
import { statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';

import { documentKey, type Finding } from '../model.js';
import { validatePaths } from '../engine/run.js';
import type { AnyRule } from '../engine/rule.js';
import { changedFiles, mergeBase, openRepository, removeSnapshot, renamedFiles, resolveCommit, snapshot, topLevel } from '../git/revision.js';
import { compareWithBase, renameFinding } from './fingerprint.js';
import { changeImpact } from './impact/index.js';
import type { ImpactItem } from './impact/index.js';

/** Settings of a check. */
export interface CheckOptions {
  cwd: string;
  /** The branch the change goes into, such as `origin/main`. */
  base: string;
  /** Files or folders to check, relative to `cwd`; the whole repository by default. */
  paths?: readonly string[];
}

/** Result of a check: head findings with their baseline state, fixed findings, and the change's impact. */
export interface CheckResult {
  /** Absolute top folder of the repository, which the paths in the result are relative to. */
  root: string;
  baseCommit: string;
  headCommit: string;
  /** Head findings (state `new` or `unchanged`) followed by base findings the change fixed (`absent`). */
  findings: Finding[];
  files: string[];
  rules: AnyRule[];
  impact: ImpactItem[];
}

/** Runs the check on the repository that contains `options.cwd`; paths in the result are relative to its top folder. */
export async function checkChange(options: CheckOptions): Promise<CheckResult> {
  const git = openRepository(options.cwd);
  const top = await topLevel(git);
  const headCommit = await resolveCommit(git, 'HEAD');
  const baseCommit = await mergeBase(git, await resolveCommit(git, options.base), headCommit);
  const paths = (options.paths ?? ['.']).map((path) => relative(top, resolve(options.cwd, path)).split(sep).join('/') || '.');

  const headDir = await snapshot(git, top, { commit: headCommit });
  const baseDir = await snapshot(git, top, { commit: baseCommit });
  try {
    const baseResult = await validatePaths(existing(paths, baseDir), { cwd: baseDir });
    // A renamed file is compared with its old self, under its new name, so that a rename alone
    // adds no finding and changes no packet's verdict.
    const renames = await renamedFiles(git, baseCommit, headCommit);
    const renamedBase = baseResult.documents.map((document) => (renames.has(document.file) ? { ...document, file: renames.get(document.file)! } : document));
    const baseDocuments = new Map(renamedBase.map((document) => [documentKey(document), document]));
    const headResult = await validatePaths(paths, {
      cwd: headDir,
      findBase: (document) => baseDocuments.get(documentKey(document)),
    });
    const compared = compareWithBase(headResult.findings, baseResult.findings.map((finding) => renameFinding(finding, renames)));
    const allowed = await acknowledgedRules(git, baseCommit, headCommit);
    const findings = compared.map(({ finding, state }): Finding => {
      const commit = state === 'new' && !finding.suppressed ? allowed.get(finding.ruleId) : undefined;
      const suppressed = commit ? { kind: 'suppression' as const, reason: `acknowledged by Driftgate-Allow in commit ${commit.slice(0, 12)}` } : finding.suppressed;
      return { ...finding, baselineState: state, suppressed };
    });
    const changed = new Set(await changedFiles(git, baseCommit, headCommit));
    return {
      root: top,
      baseCommit,
      headCommit,
      findings,
      files: headResult.files,
      rules: headResult.rules,
      impact: changeImpact(renamedBase, headResult.documents, changed),
    };
  } finally {
    removeSnapshot(headDir);
    removeSnapshot(baseDir);
  }
}

/**
 * Reads `Driftgate-Allow: rule-id[, rule-id]` lines from the messages of the commits the change
 * adds, and returns each acknowledged rule with the commit that acknowledged it.
 */
async function acknowledgedRules(git: ReturnType<typeof openRepository>, baseCommit: string, headCommit: string): Promise<Map<string, string>> {
  const log = await git.raw(['log', '--format=%H%x00%B%x01', `${baseCommit}..${headCommit}`]);
  const allowed = new Map<string, string>();
  for (const entry of log.split('\x01')) {
    const [commit, message = ''] = entry.trim().split('\x00');
    for (const match of message.matchAll(/^Driftgate-Allow:\s*(.+)$/gim)) {
      for (const ruleId of match[1]!.split(/[\s,]+/).filter(Boolean)) {
        if (commit && !allowed.has(ruleId)) allowed.set(ruleId, commit);
      }
    }
  }
  return allowed;
}


/** Drops paths that do not exist at the base revision (files the change adds). */
function existing(paths: readonly string[], folder: string): string[] {
  return paths.filter((path) => {
    try {
      return Boolean(statSync(resolve(folder, path)));
    } catch {
      return false;
    }
  });
}

