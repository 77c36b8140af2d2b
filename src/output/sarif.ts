/**
 * SARIF 2.1.0 output, for code-scanning services such as GitHub code scanning.
 * Field meanings follow the OASIS SARIF 2.1.0 standard; docs/output.md maps each one.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';

import type { Finding, Severity } from '../model.js';
import type { Formatter, Report } from './format.js';
import { BUILTIN_DESCRIPTIONS, BUILTIN_IDS, docsBase, ruleDocsUrl } from './links.js';

/** The schema URI that SARIF 2.1.0 logs name in `$schema`. */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The base id that relative artifact URIs resolve against: the folder driftgate ran in. */
export const SOURCE_ROOT_ID = '%SRCROOT%';

const levels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

interface RuleDescriptor {
  id: string;
  shortDescription: { text: string };
  helpUri: string;
  help: { text: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: Record<string, unknown>;
}

/** Lists every enabled rule, then every built-in check and any other rule id that has a finding. */
function ruleDescriptors(report: Report): RuleDescriptor[] {
  const descriptors: RuleDescriptor[] = [];
  const describe = (id: string, text: string, severity: Severity, properties: Record<string, unknown>): void => {
    const helpUri = ruleDocsUrl(report, id);
    descriptors.push({
      id,
      shortDescription: { text },
      helpUri,
      help: { text: `${text}. ${helpUri} explains why it matters and how to fix it.` },
      defaultConfiguration: { level: levels[severity] },
      properties,
    });
  };
  for (const rule of report.rules) {
    describe(rule.id, rule.description, rule.severity, { tags: [rule.domain], profile: rule.profile });
  }
  for (const id of BUILTIN_IDS) {
    const severity = id === 'suppression-unused' ? 'warning' : 'error';
    describe(id, BUILTIN_DESCRIPTIONS[id] ?? id, severity, { tags: ['builtin'] });
  }
  const known = new Set(descriptors.map((descriptor) => descriptor.id));
  for (const finding of report.findings) {
    if (!known.has(finding.ruleId)) {
      known.add(finding.ruleId);
      describe(finding.ruleId, BUILTIN_DESCRIPTIONS[finding.ruleId] ?? `Reports ${finding.ruleId} findings`, finding.severity, {});
    }
  }
  return descriptors;
}

/** Encodes a `/`-separated relative path as a relative URI reference. */
export function fileUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function physicalLocation(file: string, region: Record<string, number>) {
  return { artifactLocation: { uri: fileUri(file), uriBaseId: SOURCE_ROOT_ID }, region };
}

function regionOf(finding: Finding): Record<string, number> {
  const region: Record<string, number> = { startLine: finding.line, startColumn: finding.column };
  if (finding.endLine !== undefined && finding.endColumn !== undefined) {
    region.endLine = finding.endLine;
    region.endColumn = finding.endColumn;
  }
  return region;
}

/**
 * Returns a fingerprint that stays the same when lines move: rule id, file, the path inside
 * the document (or the message when there is none) and the count of earlier equal keys.
 */
function fingerprinter(): (finding: Finding) => string {
  const seen = new Map<string, number>();
  return (finding) => {
    const key = [finding.ruleId, finding.file, finding.path ?? finding.message].join('\u0000');
    const occurrence = seen.get(key) ?? 0;
    seen.set(key, occurrence + 1);
    return createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
  };
}

function resultOf(finding: Finding, ruleIndex: number, fingerprint: string) {
  const markdown = finding.fix ? `${finding.message}\n\nFix: ${finding.fix}` : finding.message;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: levels[finding.severity],
    message: { text: finding.message, markdown },
    locations: [{ physicalLocation: physicalLocation(finding.file, regionOf(finding)) }],
    relatedLocations: (finding.related ?? []).map((related, index) => ({
      id: index + 1,
      physicalLocation: physicalLocation(related.file, { startLine: related.line, startColumn: related.column }),
      message: { text: related.message },
    })),
    partialFingerprints: { 'driftgateFinding/v1': fingerprint },
    // Set by `driftgate check --base`: whether the change added, kept or fixed the finding.
    ...(finding.baselineState ? { baselineState: finding.baselineState } : {}),
    ...(finding.suppressed
      ? {
          suppressions: [
            {
              // `external`: the suppression lives in driftgate.yaml, not beside the finding.
              kind: 'external',
              status: 'accepted',
              justification: finding.suppressed.reason,
              ...(finding.suppressed.expires ? { properties: { expires: finding.suppressed.expires } } : {}),
            },
          ],
        }
      : {}),
    properties: { ...(finding.path ? { path: finding.path } : {}), ...(finding.fix ? { fix: finding.fix } : {}) },
  };
}

/** Formats the report as a SARIF 2.1.0 log with one run. */
export const formatSarif: Formatter = (report) => {
  const rules = ruleDescriptors(report);
  const indexById = new Map(rules.map((rule, index) => [rule.id, index]));
  const fingerprint = fingerprinter();
  const results = report.findings.map((finding) => resultOf(finding, indexById.get(finding.ruleId)!, fingerprint(finding)));
  const run = {
    tool: {
      driver: {
        name: 'driftgate',
        version: report.toolVersion,
        semanticVersion: report.toolVersion,
        informationUri: `${docsBase(report)}/`,
        rules,
      },
    },
    ...(report.cwd ? { originalUriBaseIds: { [SOURCE_ROOT_ID]: { uri: folderUri(report.cwd) } } } : {}),
    columnKind: 'utf16CodeUnits',
    results,
  };
  return `${JSON.stringify({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [run] }, null, 2)}\n`;
};

/** Returns the file URL of a folder, ending in `/` as SARIF requires for base URIs. */
function folderUri(folder: string): string {
  const href = pathToFileURL(folder).href;
  return href.endsWith('/') ? href : `${href}/`;
}
