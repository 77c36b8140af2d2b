/* Generated from schemas/ by `npm run gen:types`. Do not edit: change the schema instead. */

/**
 * The `driftgate.waivers.yaml` file: findings a team accepts for now, each with a reason, an owner and an optional expiry date.
 */
export interface Waivers {
  /**
   * Path or URL of this schema, for editor completion.
   */
  $schema?: string;
  /**
   * Document kind.
   */
  kind: 'waivers';
  waivers: Waiver[];
}
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
   * Reason the finding is accepted.
   */
  reason: string;
  /**
   * Person or team responsible for the waiver.
   */
  owner: string;
  /**
   * Date (YYYY-MM-DD) after which the waiver no longer applies and the finding fails again.
   */
  expires?: string;
}
