/** Finding the configuration files below the paths a user names. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

import { ActionableError } from '../errors.js';
import { isCandidateName } from '../formats/index.js';
import { matchesAny } from '../util/glob.js';

/** Folders never searched: version control, dependencies, build output and driftgate's own state. */
const skippedFolders = new Set(['.git', 'node_modules', 'dist', '.driftgate', '.hg', '.svn']);

/** A file to validate. */
export interface FoundFile {
  absolutePath: string;
  /** True when the user named this file rather than a folder above it. */
  explicit: boolean;
}

/** Thrown when a named path does not exist or cannot be read. */
export class PathError extends ActionableError {}

/** Lists the files to validate below `path`, honouring include and exclude globs relative to `root`. */
export function discoverFiles(path: string, root: string, include?: readonly string[], exclude: readonly string[] = []): FoundFile[] {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new PathError(`${path}: no such file or folder`);
  }
  if (stats.isFile()) {
    return [{ absolutePath: path, explicit: true }];
  }
  const found: FoundFile[] = [];
  walk(path, root, include, exclude, found);
  return found.sort((left, right) => left.absolutePath.localeCompare(right.absolutePath));
}

function walk(folder: string, root: string, include: readonly string[] | undefined, exclude: readonly string[], found: FoundFile[]): void {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (error) {
    throw new PathError(`${folder}: cannot read folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  for (const entry of entries) {
    const absolutePath = join(folder, entry.name);
    const relativePath = relative(root, absolutePath).split(sep).join('/');
    if (entry.isDirectory()) {
      if (!skippedFolders.has(entry.name) && !matchesAny(relativePath, exclude)) {
        walk(absolutePath, root, include, exclude, found);
      }
      continue;
    }
    if (!entry.isFile() || matchesAny(relativePath, exclude)) {
      continue;
    }
    const wanted = include ? matchesAny(relativePath, include) : isCandidateName(relativePath);
    if (wanted) {
      found.push({ absolutePath, explicit: false });
    }
  }
}
