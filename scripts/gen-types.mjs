// Generates src/types/*.ts from schemas/*.schema.json with json-schema-to-typescript.
// `--check` compares instead of writing and exits with 1 when a generated file is out of date.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { compileFromFile } from 'json-schema-to-typescript';

const schemaDir = 'schemas';
const typesDir = join('src', 'types');
const banner = `/* Generated from schemas/ by \`npm run gen:types\`. Do not edit: change the schema instead. */`;

/** Returns the TypeScript source generated for one schema file. */
export async function generate(file) {
  const source = await compileFromFile(join(schemaDir, file), {
    cwd: schemaDir,
    bannerComment: banner,
    additionalProperties: false,
    unreachableDefinitions: true,
    style: { printWidth: 100, singleQuote: true },
  });
  return source;
}

const check = process.argv.includes('--check');
const files = (await readdir(schemaDir)).filter((name) => name.endsWith('.schema.json')).sort();
let stale = 0;

for (const file of files) {
  const target = join(typesDir, file.replace('.schema.json', '.ts'));
  const source = await generate(file);
  if (!check) {
    await writeFile(target, source);
    continue;
  }
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== source) {
    console.error(`${target} differs from ${join(schemaDir, file)}: run npm run gen:types`);
    stale += 1;
  }
}
process.exitCode = stale === 0 ? 0 : 1;
