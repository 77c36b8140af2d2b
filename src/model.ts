/** Shared shapes of driftgate: documents with source locations, and findings. */

export type Severity = 'error' | 'warning' | 'info';

/** Kinds of documents driftgate reads; each has a schema in schemas/. */
export type DocumentKind = 'firewall' | 'loadbalancer' | 'routing' | 'dns' | 'config' | 'waivers' | 'inventory';

/** Document kinds that rules are written for. */
export type Domain = Exclude<DocumentKind, 'config' | 'waivers' | 'inventory'>;

/** A path into a document's data, as object keys and array indexes. */
export type DataPath = readonly (string | number)[];

/** A span of source text; lines and columns are 1-based, the end is exclusive. */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Maps paths in a document's data back to the source text they came from. */
export interface Locator {
  /**
   * Returns the range of the value at `path`, or of its key when `target` is `key`.
   * A path that does not exist resolves to its nearest existing ancestor.
   */
  locate(path: DataPath, target?: 'value' | 'key'): SourceRange;
}

/** One configuration document, parsed, with its source. */
export interface LoadedDocument<T = unknown> {
  kind: DocumentKind;
  /** Path of the source file relative to the working directory, with `/` separators. */
  file: string;
  /** Source format, such as `yaml`, `json`, `zone` or `iptables-save`. */
  format: string;
  /** Position of the document in a multi-document file, from 0. */
  index: number;
  data: T;
  locator: Locator;
}

/** A place in a file that a finding points to, beside its main location. */
export interface RelatedLocation {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** One problem found in a configuration, with everything needed to print and fix it. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  /** Path to the offending value inside the document, such as `chains.input.rules[3].ports[2]`. */
  path?: string;
  /** How to fix the problem, in one sentence. */
  fix?: string;
  messageId?: string;
  data?: Record<string, unknown>;
  related?: RelatedLocation[];
  /** Set when a suppression or waiver accepted the finding. */
  suppressed?: { kind: 'suppression' | 'waiver'; reason: string; owner?: string; expires?: string };
  /** In a pull-request check: whether the change added the finding, kept it, or fixed it. */
  baselineState?: 'new' | 'unchanged' | 'absent';
}

/** Returns a key that names a document across two revisions: its file, position and kind. */
export function documentKey(document: LoadedDocument): string {
  return `${document.file}\u0000${document.index}\u0000${document.kind}`;
}

/** Ids of findings that come from loading rather than from a rule in rules/. */
export const BUILTIN_CHECKS = {
  syntax: 'syntax-error',
  schema: 'schema-violation',
  unknownKind: 'unknown-document-kind',
  unreadable: 'unreadable-file',
  expiredSuppression: 'suppression-expired',
  expiredWaiver: 'waiver-expired',
  unusedSuppression: 'suppression-unused',
  ruleFailure: 'rule-failure',
} as const;

/** Ids of load-time findings that native parsers report besides syntax errors. */
export const NATIVE_CHECKS = {
  /** Valid input that driftgate does not model, left out of the document or kept in `unmodeled`. */
  notUnderstood: 'not-understood',
  /** A warning that the tool which produced the file printed into it. */
  toolWarning: 'tool-warning',
} as const;

/** Formats a data path the way findings print it: `chains.input.rules[3].ports[2]`. */
export function formatPath(path: DataPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      text += `[${segment}]`;
    } else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) {
      text += text === '' ? segment : `.${segment}`;
    } else {
      text += `[${JSON.stringify(segment)}]`;
    }
  }
  return text;
}

const severityRank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** Returns true when `severity` is at least as serious as `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank[severity] >= severityRank[threshold];
}
