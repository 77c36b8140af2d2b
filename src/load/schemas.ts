/** JSON Schema validation of documents, with errors turned into plain sentences at their node. */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv, ErrorObject, Options, ValidateFunction } from 'ajv';

import type { DataPath, DocumentKind } from '../model.js';
import { schemaDir } from '../paths.js';
import { closestMatch, listWords } from '../util/text.js';

/** A schema violation as a sentence at a path of the document. */
export interface SchemaProblem {
  path: DataPath;
  /** `key` when the problem is the key itself, such as an unknown key. */
  target: 'value' | 'key';
  message: string;
  fix?: string;
}

/** Ajv settings for document schemas; scripts/compile-validators.mjs compiles with them too. */
export const AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: false, useDefaults: false };

/** Formats of ajv-formats that the schemas use. */
export const SCHEMA_FORMATS = ['date', 'date-time', 'uri'];

/** Names of the schema files, sorted. */
export function schemaFiles(): string[] {
  return readdirSync(schemaDir)
    .filter((name) => name.endsWith('.schema.json'))
    .sort();
}

/** Returns a hash over every schema file's name and text, to tell when compiled code is stale. */
export function schemaSetHash(): string {
  const hash = createHash('sha256');
  for (const file of schemaFiles()) {
    hash.update(`${file}\n${readFileSync(join(schemaDir, file), 'utf8')}\n`);
  }
  return hash.digest('hex');
}

// Ajv and ajv-formats are CommonJS. Loading them through require only when a schema must be
// compiled keeps them out of a CLI start that finds the precompiled validators.
const require = createRequire(import.meta.url);
let ajvInstance: Ajv | undefined;

/** Returns the Ajv instance with every schema added, creating it on first use. */
export function schemaAjv(extra: Options = {}): Ajv {
  if (ajvInstance && Object.keys(extra).length === 0) {
    return ajvInstance;
  }
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  const addFormats = require('ajv-formats') as (ajv: Ajv, formats: string[]) => Ajv;
  const ajv = new AjvClass({ ...AJV_OPTIONS, ...extra });
  addFormats(ajv, SCHEMA_FORMATS);
  for (const file of schemaFiles()) {
    ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, file), 'utf8')) as object, file);
  }
  if (Object.keys(extra).length === 0) {
    ajvInstance = ajv;
  }
  return ajv;
}

/**
 * Returns the validators that scripts/compile-validators.mjs wrote beside the compiled code,
 * or undefined when running from sources or when the schemas changed since the build.
 */
function loadPrecompiled(): Record<string, ValidateFunction> | undefined {
  const moduleFolder = dirname(fileURLToPath(import.meta.url));
  if (!moduleFolder.split(/[\\/]/).includes('dist')) {
    return undefined;
  }
  let compiled: Record<string, ValidateFunction> & { schemaHash?: string };
  try {
    compiled = require(join(moduleFolder, '..', '..', 'validators.cjs')) as typeof compiled;
  } catch {
    return undefined;
  }
  return compiled.schemaHash === schemaSetHash() ? compiled : undefined;
}

let precompiled: Record<string, ValidateFunction> | undefined | null = null;
const validators = new Map<string, ValidateFunction>();

/** Returns the validator of a document kind: precompiled when current, else compiled on first use. */
export function validatorFor(kind: DocumentKind | string): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    if (precompiled === null) {
      precompiled = loadPrecompiled();
    }
    validate = precompiled?.[kind] ?? schemaAjv().getSchema(`${kind}.schema.json`);
    if (!validate) {
      throw new Error(`no schema for document kind "${kind}"`);
    }
    validators.set(kind, validate);
  }
  return validate;
}

/** Validates data against a raw JSON Schema, such as a rule's options schema. */
export function validateWithSchema(schema: object, data: unknown): SchemaProblem[] {
  const validate = schemaAjv().compile(schema);
  return validate(data) ? [] : describeErrors(validate.errors ?? [], data);
}

/** Validates a document and returns its problems as sentences; an empty list means valid. */
export function validateDocument(kind: DocumentKind | string, data: unknown): SchemaProblem[] {
  const validate = validatorFor(kind);
  return validate(data) ? [] : describeErrors(validate.errors ?? [], data);
}

/** Turns ajv errors into sentences, one per distinct problem. */
export function describeErrors(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  const chosen = pickBranchErrors(errors);
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of chosen) {
    const problem = describe(error, data);
    const key = `${problem.path.join('/')}|${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      problems.push(problem);
    }
  }
  return problems;
}

/**
 * Keeps, for each `anyOf`, only the errors of the branch whose type matched the value,
 * so a wrong enum value is not also reported as "not an object".
 */
function pickBranchErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfErrors = errors.filter((error) => error.keyword === 'anyOf');
  if (anyOfErrors.length === 0) {
    return [...errors];
  }
  const dropped = new Set<ErrorObject>();
  for (const anyOf of anyOfErrors) {
    const prefix = `${anyOf.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const error of errors) {
      if (error.schemaPath.startsWith(prefix)) {
        const branch = error.schemaPath.slice(prefix.length).split('/')[0]!;
        branches.set(branch, [...(branches.get(branch) ?? []), error]);
      }
    }
    const typeMatched = [...branches.values()].filter(
      (branchErrors) => !branchErrors.some((error) => isTypeMismatchAt(error, anyOf.instancePath)),
    );
    for (const branchErrors of branches.values()) {
      if (typeMatched.length !== 1 || !typeMatched.includes(branchErrors)) {
        branchErrors.forEach((error) => dropped.add(error));
      }
    }
    if (typeMatched.length === 1) {
      dropped.add(anyOf);
    }
  }
  return errors.filter((error) => !dropped.has(error));
}

function isTypeMismatchAt(error: ErrorObject, instancePath: string): boolean {
  return error.instancePath === instancePath && (error.keyword === 'type' || error.keyword === 'enum' || error.keyword === 'const');
}

/** Converts a JSON Pointer into a data path, with numbers for array indexes. */
export function pointerToPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === '') {
    return [];
  }
  const path: (string | number)[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      path.push(Number(segment));
      node = node[Number(segment)];
    } else {
      path.push(segment);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment] : undefined;
    }
  }
  return path;
}

/** Formats a path for a message, such as `chains.input.rules[2].ports[2]`. */
function showPath(path: DataPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (text === '') text = segment;
    else text += `.${segment}`;
  }
  return text === '' ? 'the document' : `\`${text}\``;
}

function showValue(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `\`${text.length > 60 ? `${text.slice(0, 57)}...` : text}\``;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the text ${showValue(value)}`;
  return `${typeof value} ${showValue(value)}`;
}

const typeWords: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  null: 'null',
};

function nounOf(error: ErrorObject, path: DataPath): string {
  const title = (error.parentSchema as { title?: string } | undefined)?.title;
  if (title) return title;
  const last = path[path.length - 1];
  return typeof last === 'string' ? last : 'value';
}

/** Lists what the branches of an `anyOf` accept: their enum values, then their other types. */
function allowedForms(error: ErrorObject): string {
  const branches = ((error.parentSchema as { anyOf?: object[]; oneOf?: object[] } | undefined)?.[error.keyword as 'anyOf' | 'oneOf'] ?? []) as {
    enum?: unknown[];
    type?: string | string[];
  }[];
  const forms: string[] = [];
  for (const branch of branches) {
    if (branch.enum) forms.push(...branch.enum.map((value) => `\`${String(value)}\``));
    else if (branch.type) forms.push(...[branch.type].flat().map((type) => typeWords[type] ?? type));
  }
  return forms.length > 0 ? `; use ${listWords(forms)}` : '';
}

function describe(error: ErrorObject, data: unknown): SchemaProblem {
  const path = pointerToPath(error.instancePath, data);
  const where = showPath(path);
  const params = error.params as Record<string, unknown>;
  const noun = nounOf(error, path);

  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object })?.properties ?? {});
      const guess = closestMatch(key, known);
      let fix = 'Remove it.';
      if (guess) fix = `Rename it to \`${guess}\`.`;
      else if (known.length > 0) fix = `Remove it; known keys: ${known.join(', ')}.`;
      return {
        path: [...path, key],
        target: 'key',
        message: `unknown key \`${key}\` in ${where}${guess ? `; did you mean \`${guess}\`?` : ''}`,
        fix,
      };
    }
    case 'required':
      return {
        path,
        target: 'value',
        message: `${where} is missing the required key \`${String(params.missingProperty)}\``,
        fix: `Add \`${String(params.missingProperty)}\`.`,
      };
    case 'type': {
      const expected = String(params.type).split(',').map((name) => typeWords[name] ?? name);
      return { path, target: 'value', message: `${where}: expected ${listWords(expected)}, found ${typeName(error.data)}` };
    }
    case 'enum':
    case 'const': {
      const allowed = (error.keyword === 'enum' ? (params.allowedValues as unknown[]) : [params.allowedValue]).map(String);
      const guess = typeof error.data === 'string' ? closestMatch(error.data, allowed) : undefined;
      return {
        path,
        target: 'value',
        message: `${where}: ${showValue(error.data)} is not ${allowed.length === 1 ? '' : 'one of '}${listWords(allowed.map((value) => `\`${value}\``))}${guess ? `; did you mean \`${guess}\`?` : ''}`,
        fix: guess ? `Write \`${guess}\`.` : undefined,
      };
    }
    case 'maximum':
    case 'exclusiveMaximum':
      return { path, target: 'value', message: `${where}: ${String(error.data)} is above the maximum ${noun} ${String(params.limit)}` };
    case 'minimum':
    case 'exclusiveMinimum':
      return { path, target: 'value', message: `${where}: ${String(error.data)} is below the minimum ${noun} ${String(params.limit)}` };
    case 'pattern': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return { path, target: 'value', message: `${where}: ${showValue(error.data)} is not a valid ${noun}`, fix: description };
    }
    case 'format':
      return { path, target: 'value', message: `${where}: ${showValue(error.data)} is not a valid ${String(params.format)}${params.format === 'date' ? ' (YYYY-MM-DD)' : ''}` };
    case 'minLength':
      return { path, target: 'value', message: `${where} is too short: at least ${String(params.limit)} characters are required` };
    case 'minItems':
      return { path, target: 'value', message: `${where} needs at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}` };
    case 'maxItems':
      return { path, target: 'value', message: `${where} has more than ${String(params.limit)} items` };
    case 'anyOf':
    case 'oneOf':
      return { path, target: 'value', message: `${where}: ${showValue(error.data)} is not a valid ${noun}${allowedForms(error)}` };
    default:
      return { path, target: 'value', message: `${where}: ${error.message ?? 'is invalid'}` };
  }
}
