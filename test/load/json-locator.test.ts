import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parseJson, parseYaml } from '../../src/load/source.js';
import type { DataPath } from '../../src/model.js';

/** Lists every path into `data`, the root included, plus one that leaves it. */
function pathsOf(data: unknown, prefix: DataPath = []): DataPath[] {
  const paths: DataPath[] = [prefix];
  if (Array.isArray(data)) data.forEach((item, index) => paths.push(...pathsOf(item, [...prefix, index])));
  else if (data !== null && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) paths.push(...pathsOf(value, [...prefix, key]));
  }
  paths.push([...prefix, 'missing']);
  return paths;
}

/** Locates every path with the JSON locator and with the YAML locator, which reads JSON too. */
function compareLocators(text: string) {
  const json = parseJson(text).documents[0]!;
  const yaml = parseYaml(text).documents[0]!;
  for (const path of pathsOf(json.data)) {
    for (const target of ['value', 'key'] as const) {
      expect(json.locator.locate(path, target), `${JSON.stringify(path)} ${target}`).toEqual(yaml.locator.locate(path, target));
    }
  }
}

describe('JsonLocator', () => {
  it('matches the YAML locator on pretty JSON', () => {
    compareLocators('{\n  "nftables": [\n    {"rule": {"family": "ip", "expr": [{"accept": null}, 1.5e3]}},\n    {"chain": {"name": "in\\"put"}}\n  ],\n  "empty": {},\n  "list": []\n}\n');
  });

  it('matches the YAML locator on one-line JSON', () => {
    compareLocators('{"a": [1, true, null, "x\\\\"], "b": {"c\\u0041": -2}}');
  });

  it('locates the first of duplicate keys', () => {
    const located = parseJson('{\n  "a": 1,\n  "a": 2\n}\n').documents[0]!.locator.locate(['a']);
    expect(located.line).toBe(2);
  });

  it('matches the YAML locator on generated JSON', () => {
    // Keys and strings of printable ASCII, which the YAML parser reads as JSON reads them.
    const text = fc.string({ unit: fc.constantFrom(...'ab "\\/{}[]:,#&*!|>\'%@`'.split('')), maxLength: 6 });
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, fc.integer(), fc.boolean(), fc.constant(null), text, fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(text, tie('node'), { maxKeys: 4 })),
    })).node;
    fc.assert(
      fc.property(value, fc.constantFrom(0, 2), (data, indent) => {
        compareLocators(JSON.stringify(data, null, indent));
      }),
      { numRuns: 300 },
    );
  });
});
