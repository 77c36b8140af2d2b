/** Finding the configuration files below the paths a user names. */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import type { Dirent, Stats } from 'node:fs';
import { join, relative, sep } from 'node:path';

import { ActionableError } from '../errors.js';
import { isCandidateName } from '../formats/index.js';
import { matchesAny } from '../util/glob.js';
import { compareCodeUnits } from '../util/text.js';

/** Folders never searched: version control, dependencies, build output and driftgate's own state. */
const skippedFolders = new Set(['.git', 'node_modules', 'dist', '.driftgate', '.hg', '.svn']);

/** A file to validate. */
export interface FoundFile {
  absolutePath: string;
  /** True when the user named this file rather than a folder above it. */
  explicit: boolean;
  /**
   * Set for a folder below a named folder that cannot be listed, to the error code: its files
   * are unknown, so the run reports the folder instead of stopping.
   */
  folderError?: string;
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
  if (!stats.isDirectory()) {
    // Reading a FIFO or a device could block or never end.
    throw new PathError(`${path}: ${specialFileKind(stats)}, not a regular file or folder, so driftgate does not read it. Name a regular file or a folder, or save the content to a file first.`);
  }
  const found: FoundFile[] = [];
  try {
    walk(readFolder(path), path, root, include, exclude, found, new Set([realpathSync(path)]));
  } catch (error) {
    throw new PathError(`${path}: cannot read folder (${errorCode(error)})`);
  }
  return found.sort((left, right) => compareCodeUnits(left.absolutePath, right.absolutePath));
}

/** Names the kind of a file that is neither a regular file nor a folder, for messages. */
function specialFileKind(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'a special file';
}

/**
 * Returns what a folder entry is, following symbolic links: git stores them, and a linked
 * configuration file must be checked like any other. A dangling link counts as a file, so
 * reading it reports the problem instead of skipping the file.
 */
function entryType(entry: Dirent, absolutePath: string): 'file' | 'folder' | 'other' {
  if (!entry.isSymbolicLink()) {
    return entry.isDirectory() ? 'folder' : entry.isFile() ? 'file' : 'other';
  }
  try {
    const target = statSync(absolutePath);
    return target.isDirectory() ? 'folder' : target.isFile() ? 'file' : 'other';
  } catch {
    return 'file';
  }
}

function readFolder(folder: string): Dirent[] {
  return readdirSync(folder, { withFileTypes: true });
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? 'error';
}

function walk(
  entries: Dirent[],
  folder: string,
  root: string,
  include: readonly string[] | undefined,
  exclude: readonly string[],
  found: FoundFile[],
  ancestors: Set<string>,
): void {
  for (const entry of entries) {
    const absolutePath = join(folder, entry.name);
    const relativePath = relative(root, absolutePath).split(sep).join('/');
    const type = entryType(entry, absolutePath);
    if (type === 'folder') {
      // The real paths of the folders above stop a linked folder that points back up.
      const real = realpathSync(absolutePath);
      if (!skippedFolders.has(entry.name) && !matchesAny(relativePath, exclude) && !ancestors.has(real)) {
        let inner;
        try {
          inner = readFolder(absolutePath);
        } catch (error) {
          found.push({ absolutePath, explicit: false, folderError: errorCode(error) });
          continue;
        }
        ancestors.add(real);
        walk(inner, absolutePath, root, include, exclude, found, ancestors);
        ancestors.delete(real);
      }
      continue;
    }
    if (type !== 'file' || matchesAny(relativePath, exclude)) {
      continue;
    }
    const wanted = include ? matchesAny(relativePath, include) : isCandidateName(relativePath);
    if (wanted) {
      found.push({ absolutePath, explicit: false });
    }
  }
}
