/**
 * Malformed input never throws: every native parser turns truncated, binary and randomly
 * mutated text into findings with locations inside the text.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { SourceFormat } from '../../src/formats/format.js';
import { sourceFormats } from '../../src/formats/index.js';
import { packageRoot } from '../../src/paths.js';
import { parseText } from '../helpers/formats.js';

/** Native formats with the fixture folder and the file name their seeds are parsed under. */
const seeds: { format: string; folder: string; file: string }[] = [
  { format: 'iptables-save', folder: 'iptables', file: 'fuzz.iptables' },
  { format: 'haproxy', folder: 'haproxy', file: 'haproxy.cfg' },
  { format: 'netplan', folder: 'netplan', file: 'netplan.yaml' },
  { format: 'ip-json', folder: 'iproute', file: 'ip-j-route.json' },
  { format: 'nft-json', folder: 'nftables', file: 'ruleset.json' },
  { format: 'ip-route-text', folder: 'iproute-text', file: 'ip-route.txt' },
];

function seedTexts(folder: string): string[] {
  const dir = join(packageRoot, 'test', 'fixtures', folder);
  return readdirSync(dir).map((name) => readFileSync(join(dir, name), 'utf8'));
}

function formatNamed(name: string): SourceFormat {
  const format = sourceFormats.find((candidate) => candidate.name === name);
  if (!format) throw new Error(`format ${name} is not registered`);
  return format;
}

/** Parses and checks the invariants: no exception, findings inside the text, a fix on each. */
function checkParse(format: SourceFormat, text: string, file: string): void {
  const output = parseText(format, text, file);
  const lineCount = text.split('\n').length;
  for (const finding of output.findings) {
    expect(finding.line).toBeGreaterThanOrEqual(1);
    expect(finding.line).toBeLessThanOrEqual(lineCount);
    expect(finding.column).toBeGreaterThanOrEqual(1);
    expect(finding.fix).toBeTruthy();
  }
  for (const document of output.documents) {
    expect(document.locator.locate([]).line).toBeGreaterThanOrEqual(1);
  }
}

/** A text edit: cut, insert or replace a slice of the seed. */
const mutation = fc.record({
  at: fc.nat(),
  length: fc.nat({ max: 40 }),
  insert: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('"', '\\', '!', ' -', '\n', '[', ':', '{', '}', ',', '\u0000', '#', '*', '--')),
});

describe.each(seeds)('$format robustness', ({ format: name, folder, file }) => {
  const format = formatNamed(name);
  const texts = seedTexts(folder);

  it('survives every truncation of the seeds', () => {
    for (const text of texts) {
      for (let end = 0; end <= text.length; end += Math.max(1, Math.floor(text.length / 200))) {
        checkParse(format, text.slice(0, end), file);
      }
    }
  });

  it('survives binary input', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        checkParse(format, Buffer.from(bytes).toString('latin1'), file);
      }),
      { numRuns: 500 },
    );
  });

  it('survives random mutations of the seeds', () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(mutation, { minLength: 1, maxLength: 8 }), (seed, edits) => {
        let text = seed;
        for (const edit of edits) {
          const at = edit.at % (text.length + 1);
          text = text.slice(0, at) + edit.insert + text.slice(at + edit.length);
        }
        checkParse(format, text, file);
      }),
      { numRuns: 3000 },
    );
  }, 300_000);
});

describe('inherited property names in input', () => {
  const words = ['toString', 'constructor', '__proto__', 'hasOwnProperty'];
  const templates: [string, (word: string) => string][] = [
    ['iptables-save', (word) => `*${word}\nCOMMIT\n*filter\n:${word} - [0:0]\n-A INPUT -m ${word} -j ${word}\n-A ${word} -p ${word} --dport ${word} -j LOG --log-level ${word}\nCOMMIT\n`],
    ['haproxy', (word) => `${word}\nfrontend ${word}\n ${word} x\n timeout ${word} 1s\n option ${word}\n balance ${word}\n use_backend x if ${word}\n`],
    ['nft-json', (word) => `{"nftables":[{"chain":{"family":"${word}","table":"${word}","name":"${word}"}},{"rule":{"family":"${word}","table":"${word}","chain":"${word}","expr":[{"${word}":null},{"match":{"op":"==","left":{"meta":{"key":"${word}"}},"right":"x"}}]}}]}`],
    ['netplan', (word) => `network:\n  ethernets:\n    ${word}:\n      routes:\n        - to: default\n          ${word}: 1\n`],
    ['ip-json', (word) => `[{"dst":"default","type":"${word}","${word}":1}]`],
    ['ip-route-text', (word) => `${word} 192.0.2.0/24 ${word} x\ndefault via 192.0.2.1 ${word} 1\n`],
  ];

  it.each(templates)('%s treats them as data', (name, template) => {
    for (const word of words) {
      const output = parseText(formatNamed(name), template(word));
      expect(JSON.stringify(output.documents.map((document) => document.data))).not.toContain('function');
      checkParse(formatNamed(name), template(word), 'case.txt');
    }
  });

  it('keeps a chain named __proto__ as a chain', () => {
    const output = parseText(formatNamed('iptables-save'), '*filter\n:__proto__ - [0:0]\n-A __proto__ -j ACCEPT\nCOMMIT\n');
    expect(Object.keys((output.documents[0]?.data as { chains: object }).chains)).toEqual(['__proto__']);
  });
});
