/* Generated from schemas/ by `npm run gen:types`. Do not edit: change the schema instead. */

/**
 * This interface was referenced by `RepositoryConfig`'s JSON-Schema
 * via the `definition` "ruleSetting".
 */
export type RuleSetting =
  | ('off' | 'error' | 'warning' | 'info')
  | {
      severity?: 'off' | 'error' | 'warning' | 'info';
      /**
       * Rule options; each rule's docs page lists them.
       */
      options?: {};
    };
/**
 * This interface was referenced by `RepositoryConfig`'s JSON-Schema
 * via the `definition` "severity".
 */
export type Severity = 'error' | 'warning' | 'info';

/**
 * The `driftgate.yaml` file at the root of a desired-state repository: which files to read, which rules run and how findings are judged.
 */
export interface RepositoryConfig {
  /**
   * Path or URL of this schema, for editor completion.
   */
  $schema?: string;
  /**
   * Document kind.
   */
  kind: 'config';
  /**
   * Glob patterns of files to validate, relative to this file. Default: every YAML, JSON and native configuration file.
   */
  include?: string[];
  /**
   * Glob patterns of files to skip.
   */
  exclude?: string[];
  /**
   * `recommended` runs the rules that catch outages; `strict` adds style and hygiene rules.
   */
  profile?: 'recommended' | 'strict';
  /**
   * Per-rule settings by rule id: `off`, a severity, or an object with `severity` and `options`.
   */
  rules?: {
    [k: string]: RuleSetting;
  };
  /**
   * Findings accepted on purpose. Each names a rule, optionally files and a target, and must give a reason.
   */
  suppressions?: Suppression[];
  /**
   * DNS settings.
   */
  dns?: {
    /**
     * Zone origin by zone-file path, for files whose name does not give it.
     */
    origins?: {
      [k: string]: string;
    };
  };
  /**
   * Findings accepted for now, each with an owner who answers for it; `driftgate.waivers.yaml` beside this file may hold more.
   */
  waivers?: Waiver[];
}
/**
 * This interface was referenced by `RepositoryConfig`'s JSON-Schema
 * via the `definition` "suppression".
 */
export interface Suppression {
  /**
   * Rule id.
   */
  rule: string;
  /**
   * Glob patterns of files it applies to; all files when absent.
   */
  files?: string[];
  /**
   * Only findings whose message or path contains this text.
   */
  target?: string;
  /**
   * Why the finding is accepted.
   */
  reason: string;
  /**
   * Date (YYYY-MM-DD) after which the suppression no longer applies.
   */
  expires?: string;
}
/**
 * This interface was referenced by `RepositoryConfig`'s JSON-Schema
 * via the `definition` "waiver".
 */
export interface Waiver {
  /**
   * Rule id.
   */
  rule: string;
  /**
   * Glob patterns of files it applies to; all files when absent.
   */
  files?: string[];
  /**
   * Only findings whose message or path contains this text, such as a rule, backend or record name.
   */
  target?: string;
  /**
   * Why the finding is accepted.
   */
  reason: string;
  /**
   * Person or team who answers for the waiver.
   */
  owner: string;
  /**
   * Date (YYYY-MM-DD) after which the waiver no longer applies and the finding fails again.
   */
  expires?: string;
}
