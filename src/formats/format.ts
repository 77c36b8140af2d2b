/** The contract every source format implements: canonical YAML and JSON, and native formats. */
import type { Finding, LoadedDocument } from '../model.js';

/** What a parser gets besides the text. */
export interface ParseContext {
  /** Path relative to the working directory, with `/` separators, as findings print it. */
  file: string;
  /** Absolute path of the file. */
  absolutePath: string;
  /** True when the user named the file, so a file of no known kind is reported instead of skipped. */
  explicit: boolean;
  /** Zone origin from the command line or driftgate.yaml, for zone files. */
  origin?: string;
  /** Reads another file of the repository, for `$INCLUDE`; returns undefined outside the repository. */
  readInclude?(path: string): { text: string; file: string } | undefined;
}

/** Documents and load-time findings (syntax errors, malformed data) of one file. */
export interface ParseOutput {
  documents: LoadedDocument[];
  findings: Finding[];
}

/** A source format driftgate reads. */
export interface SourceFormat {
  /** Short name, such as `yaml`, `zone` or `iptables-save`. */
  name: string;
  /** Returns true when the file name alone marks a file of this format, such as `*.zone`. */
  claimsName(path: string): boolean;
  /**
   * Returns true when the first few kilobytes of text are of this format. Consulted after
   * `claimsName`, so a `.yaml` file can still turn out to be netplan rather than canonical YAML.
   */
  claimsContent(head: string, path: string): boolean;
  parse(text: string, context: ParseContext): ParseOutput;
  /**
   * True when every document `parse` returns matches its kind's schema by construction, so the
   * pipeline skips schema validation for it. Set it only where a property test on malformed
   * input checks the documents against the schema.
   */
  schemaValid?: boolean;
}
