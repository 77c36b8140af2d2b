import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { ResolvedConfig } from '../../src/engine/config.js';
import { validateSources } from '../../src/engine/run.js';
import { parseJson, parseYaml } from '../../src/load/source.js';

const config: ResolvedConfig = { root: '/virtual', data: { kind: 'config' }, rules: new Map(), acceptances: [] };

function validateText(file: string, text: string) {
  return validateSources([{ file, absolutePath: `/virtual/${file}`, text, explicit: true }], config, { cwd: '/virtual' });
}

describe('parseYaml', () => {
  it('reports an alias without an anchor at the alias', () => {
    const parsed = parseYaml('kind: firewall\nname: fw1\nchains: *a\n');
    expect(parsed.documents).toEqual([]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]?.message).toContain('Unresolved alias');
    expect(parsed.problems[0]?.range).toMatchObject({ line: 3, column: 9 });
  });

  it('reports an alias used before its anchor', () => {
    const parsed = parseYaml('first: *late\nsecond: &late 1\n');
    expect(parsed.problems[0]?.range.line).toBe(1);
  });

  it('reports excessive alias expansion', () => {
    // Each level doubles the expansion, the pattern of the "billion laughs" attack.
    const levels = ['a0: &a0 [x, x]'];
    for (let level = 1; level < 12; level += 1) {
      levels.push(`a${level}: &a${level} [*a${level - 1}, *a${level - 1}]`);
    }
    const parsed = parseYaml(`${levels.join('\n')}\n`);
    expect(parsed.documents).toEqual([]);
    expect(parsed.problems).toHaveLength(1);
  });

  it('keeps other documents of a stream', () => {
    const parsed = parseYaml('a: 1\n---\nb: *missing\n---\nc: 3\n');
    expect(parsed.documents.map((document) => document.data)).toEqual([{ a: 1 }, { c: 3 }]);
    expect(parsed.problems.map((problem) => problem.range.line)).toEqual([3]);
  });
});

describe('parseJson', () => {
  it.each([
    ['unexpected end', '{\n  "kind": "firewall",\n  "chains": [1,\n', 4],
    ['unclosed string', '{\n  "kind": "firewall",\n  "name": "fw1\n}\n', 3],
    // YAML reads the bare word as a string, so only the end of the text is known.
    ['bare word', '{\n  "kind": "firewall",\n  "name": tru\n}\n', 4],
    ['position in message', '{\n  "a": 1\n  "b": 2\n}\n', 3],
  ])('locates %s on its line', (_name, text, line) => {
    const parsed = parseJson(text);
    expect(parsed.documents).toEqual([]);
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]?.range.line).toBe(line);
  });

  it('keeps the source text out of the message', () => {
    const parsed = parseJson('{\n  "name": tru\n}\n');
    expect(parsed.problems[0]?.message).not.toContain('is not valid JSON');
    expect(parsed.problems[0]?.message).not.toContain('\n');
  });
});

describe('validateSources on broken YAML', () => {
  it('turns an alias without an anchor into syntax-error', () => {
    const result = validateText('fw.yaml', 'kind: firewall\nname: fw1\nchains: *a\n');
    expect(result.findings.map((finding) => [finding.ruleId, finding.severity, finding.line])).toEqual([['syntax-error', 'error', 3]]);
  });

  it('turns a JSON error into syntax-error at its line', () => {
    const result = validateText('fw.json', '{\n  "kind": "firewall",\n  "chains": {\n');
    expect(result.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([['syntax-error', 4]]);
  });

  const seeds = [
    'kind: firewall\nname: fw1\nchains:\n  INPUT:\n    policy: drop\n    rules:\n      - action: accept\n        protocol: tcp\n        ports: 22\n',
    'kind: loadbalancer\nname: lb1\nbackends: &b\n  - name: web\n    servers: []\nfrontends:\n  - name: fe\n    defaultBackend: web\n',
    'kind: routing\nname: r1\nroutes:\n  - destination: 0.0.0.0/0\n    via: 192.0.2.1\n',
    'network:\n  version: 2\n  ethernets:\n    eth0:\n      addresses: [192.0.2.10/24]\n',
  ];
  const pieces = ['*a', '&a', '<<: *a', ':', '- ', '"', "'", '{', '}', '[', ']', '\t', '\n', '---\n', '!!binary', '? ', '|', '>', '%YAML 1.2\n', '&a [*a]', '\uFEFF', '#'];

  it('never throws on mutated YAML', () => {
    const mutation = fc.record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      edits: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...pieces), fc.nat({ max: 4 })), { minLength: 1, maxLength: 6 }),
    });
    fc.assert(
      fc.property(mutation, ({ seed, edits }) => {
        let text = seeds[seed] as string;
        for (const [at, piece, cut] of edits) {
          const offset = at % (text.length + 1);
          text = text.slice(0, offset) + piece + text.slice(offset + cut);
        }
        const result = validateText('mutated.yaml', text);
        for (const finding of result.findings) {
          expect(finding.line).toBeGreaterThanOrEqual(1);
          expect(finding.message).not.toMatch(/internal error/i);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        expect(() => validateText('random.yaml', text)).not.toThrow();
        expect(() => validateText('random.json', text)).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });
});
