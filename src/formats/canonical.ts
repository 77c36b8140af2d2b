/** driftgate's own YAML and JSON documents, each naming its kind. */
import { BUILTIN_CHECKS } from '../model.js';
import type { DocumentKind, Finding, LoadedDocument } from '../model.js';
import { parseJson, parseYaml } from '../load/source.js';
import type { ParsedText } from '../load/source.js';
import { closestMatch } from '../util/text.js';
import type { ParseContext, ParseOutput, SourceFormat } from './format.js';

/** Document kinds a canonical file may declare. */
export const CANONICAL_KINDS: readonly DocumentKind[] = ['firewall', 'loadbalancer', 'routing', 'dns', 'config', 'waivers', 'inventory'];

const kindLine = /^kind:\s*["']?[A-Za-z-]+/m;

function canonicalFormat(name: 'yaml' | 'json', extension: RegExp, parse: (text: string) => ParsedText): SourceFormat {
  return {
    name,
    claimsName: (path) => extension.test(path),
    claimsContent: (head) => (name === 'json' ? /"kind"\s*:/.test(head) : kindLine.test(head)),
    parse: (text, context) => toDocuments(parse(text), name, context),
  };
}

/** Canonical YAML: `*.yaml` and `*.yml` with a top-level `kind`. */
export const yamlFormat = canonicalFormat('yaml', /\.ya?ml$/i, parseYaml);

/** Canonical JSON: `*.json` with a top-level `kind`. */
export const jsonFormat = canonicalFormat('json', /\.json$/i, parseJson);

function toDocuments(parsed: ParsedText, format: string, context: ParseContext): ParseOutput {
  const findings: Finding[] = parsed.problems.map((problem) => ({
    ruleId: BUILTIN_CHECKS.syntax,
    severity: 'error',
    message: `invalid ${format.toUpperCase()}: ${problem.message}`,
    file: context.file,
    ...problem.range,
    fix: `Correct the ${format.toUpperCase()} syntax at this line.`,
  }));
  const documents: LoadedDocument[] = [];

  parsed.documents.forEach((parsedDocument, index) => {
    const data = parsedDocument.data as { kind?: unknown } | null;
    const kind = data !== null && typeof data === 'object' ? data.kind : undefined;
    if (typeof kind === 'string' && (CANONICAL_KINDS as readonly string[]).includes(kind)) {
      documents.push({ kind: kind as DocumentKind, file: context.file, format, index, data, locator: parsedDocument.locator });
      return;
    }
    const guess = typeof kind === 'string' ? closestMatch(kind, CANONICAL_KINDS) : undefined;
    // A file found in a folder (or passed by a commit hook) that has no kind, or a kind far from
    // every driftgate kind, such as a Kubernetes manifest, belongs to another tool.
    if (!context.explicit && (kind === undefined || (typeof kind === 'string' && guess === undefined))) {
      return;
    }
    const range = parsedDocument.locator.locate(kind === undefined ? [] : ['kind']);
    findings.push({
      ruleId: BUILTIN_CHECKS.unknownKind,
      severity: 'error',
      message:
        kind === undefined
          ? 'document has no `kind`, so driftgate cannot tell what it describes'
          : `unknown document kind \`${String(kind)}\`${guess ? `; did you mean \`${guess}\`?` : ''}`,
      file: context.file,
      ...range,
      fix: `Set \`kind\` to one of ${CANONICAL_KINDS.join(', ')}.`,
    });
  });
  return { documents, findings };
}
