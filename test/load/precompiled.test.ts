import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { ValidateFunction } from 'ajv';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { describeErrors, schemaAjv, schemaSetHash } from '../../src/load/schemas.js';
import { buildCli, repoRoot } from '../cli/helpers.js';

type Compiled = Record<string, ValidateFunction> & { schemaHash: string };

const require = createRequire(import.meta.url);
let compiled: Compiled;

beforeAll(() => {
  buildCli();
  compiled = require(join(repoRoot, 'dist/validators.cjs')) as Compiled;
});

const invalidDocuments: [string, string][] = [
  ['firewall', 'kind: firewall\nnmae: fw\nchains: { input: { hook: inpt, policy: drop, rules: [{ action: acept, ports: 70000 }] } }\n'],
  ['config', 'kind: config\nprofile: strictest\nsuppressions: [{ rule: x, reason: no, expires: 2026-13-45 }]\n'],
  ['dns', 'kind: dns\nzones: [{ origin: example.com., records: [{ name: "", type: "1A", value: [] }] }]\n'],
  ['loadbalancer', 'kind: loadbalancer\nfrontends: [{ name: www, binds: [] }]\nbackends: [{ servers: [{ name: a, weight: 300 }] }]\n'],
  ['routing', 'kind: routing\nroutes: [{ type: blackhol }]\ninterfaces: [{ name: eth0, mtu: 20 }]\n'],
];

describe('precompiled validators', () => {
  it('match the current schemas', () => {
    expect(compiled.schemaHash).toBe(schemaSetHash());
  });

  for (const [kind, text] of invalidDocuments) {
    it(`report ${kind} errors like Ajv`, () => {
      const data = parse(text) as unknown;
      const runtime = schemaAjv().getSchema(`${kind}.schema.json`)!;
      const precompiled = compiled[kind]!;
      expect(precompiled(data)).toBe(false);
      expect(runtime(data)).toBe(false);
      const expected = describeErrors(runtime.errors ?? [], data);
      expect(expected.length).toBeGreaterThan(1);
      expect(describeErrors(precompiled.errors ?? [], data)).toEqual(expected);
    });
  }
});
