import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { discoverFiles } from '../../src/load/discover.js';

let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'driftgate-discover-'));
  mkdirSync(join(root, 'fw'));
  mkdirSync(join(root, 'shared'));
  writeFileSync(join(root, 'fw', 'edge.yaml'), 'kind: firewall\n');
  writeFileSync(join(root, 'shared', 'objects.yaml'), 'kind: firewall\n');
  symlinkSync(join(root, 'fw', 'edge.yaml'), join(root, 'fw', 'linked.yaml'));
  symlinkSync(join(root, 'fw', 'missing.yaml'), join(root, 'fw', 'dangling.yaml'));
  symlinkSync(join(root, 'shared'), join(root, 'fw', 'shared-link'));
  symlinkSync(root, join(root, 'fw', 'loop'));
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('discoverFiles', () => {
  it('follows symbolic links without looping', () => {
    // A linked folder is read under each of its paths, as git tracks both.
    const found = discoverFiles(root, root).map((file) => relative(root, file.absolutePath));
    expect(found).toEqual([
      'fw/dangling.yaml',
      'fw/edge.yaml',
      'fw/linked.yaml',
      'fw/shared-link/objects.yaml',
      'shared/objects.yaml',
    ]);
  });
});
