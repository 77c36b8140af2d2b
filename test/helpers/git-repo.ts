/** Real git repositories on disk for tests, in temporary folders removed afterwards. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A scratch repository with helpers to write files and run git in it. */
export class TestRepository {
  readonly root: string;

  constructor() {
    this.root = mkdtempSync(join(tmpdir(), 'driftgate-test-repo-'));
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.email', 'test@example.com');
    this.git('config', 'user.name', 'driftgate test');
    this.git('config', 'commit.gpgsign', 'false');
  }

  /** Runs git with arguments in the repository and returns its stdout. */
  git(...args: string[]): string {
    return execFileSync('git', args, { cwd: this.root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** Writes a file relative to the repository root, creating folders. */
  write(path: string, text: string): void {
    mkdirSync(dirname(join(this.root, path)), { recursive: true });
    writeFileSync(join(this.root, path), text);
  }

  /** Stages everything and commits. */
  commit(message: string): void {
    this.git('add', '-A');
    this.git('commit', '-q', '--no-verify', '-m', message);
  }

  /** Deletes the repository folder. */
  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
