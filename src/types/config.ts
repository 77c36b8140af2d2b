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
   * Findings accepted for now, each with an owner responsible for it; `driftgate.waivers.yaml` beside this file may hold more.
   */
  waivers?: Waiver[];
  service?: Service;
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
   * Reason the finding is accepted.
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
/**
 * Settings of `driftgate serve`: when to scan, where history is kept, where digests are mailed and where health and metrics are served.
 *
 * This interface was referenced by `RepositoryConfig`'s JSON-Schema
 * via the `definition` "service".
 */
export interface Service {
  /**
   * When scans run. Default: one schedule named `nightly` at 02:00 UTC.
   *
   * @minItems 1
   */
  schedules?: [Schedule, ...Schedule[]];
  /**
   * SQLite file of scan history and the mail outbox, relative to this file.
   */
  store?: string;
  /**
   * A host not scanned successfully for longer than this (minutes `m`, hours `h` or days `d`) is reported in the digest.
   */
  staleAfter?: string;
  /**
   * Extra arguments for each `driftgate scan` run, such as `--hosts` or `--ref`.
   */
  scanArgs?: string[];
  mail?: Mail;
  http?: Http;
}
/**
 * This interface was referenced by `RepositoryConfig`'s JSON-Schema
 * via the `definition` "schedule".
 */
export interface Schedule {
  /**
   * Name of the schedule in logs and mail subjects. Every schedule runs the same scan.
   */
  name: string;
  /**
   * Cron expression with 5 fields (minute hour day month weekday) or 6 with seconds first.
   */
  cron: string;
  /**
   * IANA time zone of the cron expression, such as `Europe/Berlin`.
   */
  timezone?: string;
}
/**
 * SMTP server and recipients of drift digests.
 *
 * This interface was referenced by `RepositoryConfig`'s JSON-Schema
 * via the `definition` "mail".
 */
export interface Mail {
  /**
   * SMTP server host name or address.
   */
  host: string;
  /**
   * SMTP port. Default: 465 with `security: tls`, otherwise 587.
   */
  port?: number;
  /**
   * `starttls` requires STARTTLS on a plain connection, `tls` connects with TLS from the start, `none` sends in clear text and is allowed only to a loopback host.
   */
  security?: 'starttls' | 'tls' | 'none';
  /**
   * PEM file of CA certificates trusted for the SMTP server, beside the system ones; relative to this file.
   */
  caFile?: string;
  /**
   * Sender address.
   */
  from: string;
  /**
   * Recipient addresses.
   *
   * @minItems 1
   */
  to: [string, ...string[]];
  /**
   * Name of the environment variable that contains the SMTP user name.
   */
  userEnv?: string;
  /**
   * Name of the environment variable that contains the SMTP password.
   */
  passwordEnv?: string;
  /**
   * `changes` mails a digest only when drift is new or resolved, or a host newly fails, goes stale or is no longer scanned; `always` mails after every scan.
   */
  send?: 'changes' | 'always';
}
/**
 * HTTP endpoint for health checks, metrics and run-now.
 *
 * This interface was referenced by `RepositoryConfig`'s JSON-Schema
 * via the `definition` "http".
 */
export interface Http {
  /**
   * Address and port, such as `127.0.0.1:9465` or `[::1]:9465`.
   */
  listen?: string;
  /**
   * Name of the environment variable that contains the bearer token of `POST /run`; run-now is disabled without it.
   */
  tokenEnv?: string;
}
