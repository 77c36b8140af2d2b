// Compiles the document schemas into standalone validator code at dist/validators.cjs, so the
// CLI does not load and run the Ajv compiler at every start. Runs after tsc, from `npm run
// build`; dist/src/load/schemas.js loads the file only while the schemas' hash matches.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { schemaAjv, schemaFiles, schemaSetHash } from '../dist/src/load/schemas.js';

const require = createRequire(import.meta.url);
const standaloneCode = require('ajv/dist/standalone').default;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ajv = schemaAjv({ code: { source: true } });
const kinds = Object.fromEntries(
  schemaFiles()
    .filter((file) => file !== 'common.schema.json')
    .map((file) => [file.replace('.schema.json', ''), file]),
);
const code = standaloneCode(ajv, kinds);
writeFileSync(join(root, 'dist', 'validators.cjs'), `${code}\nmodule.exports.schemaHash = ${JSON.stringify(schemaSetHash())};\n`);
