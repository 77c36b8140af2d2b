/** The contract between the engine and the rules in rules/. */
import type { DataPath, Domain, LoadedDocument, Severity } from '../model.js';
import type { DNSZones } from '../types/dns.js';
import type { FirewallPolicy } from '../types/firewall.js';
import type { LoadBalancer } from '../types/loadbalancer.js';
import type { Routing } from '../types/routing.js';

/** The data type of each domain's documents. */
export interface DomainData {
  firewall: FirewallPolicy;
  loadbalancer: LoadBalancer;
  routing: Routing;
  dns: DNSZones;
}

/** `recommended` rules catch what breaks service; `strict` adds hygiene. */
export type Profile = 'recommended' | 'strict';

/** A message a rule reports, with `{{name}}` placeholders, and how to fix what it reports. */
export interface RuleMessage {
  message: string;
  fix: string;
}

/** A location beside a finding's main one, such as the earlier rule that shadows it. */
export interface RelatedInput {
  path: DataPath;
  message: string;
  /** Another document than the one checked; defaults to the one checked. */
  document?: LoadedDocument;
  target?: 'value' | 'key';
}

/** Arguments of `report`. */
export interface ReportInput {
  messageId: string;
  path: DataPath;
  /** Point at the key instead of the value. */
  target?: 'value' | 'key';
  data?: Record<string, unknown>;
  related?: RelatedInput[];
  /** Report against another document of the run, such as a second load balancer. */
  document?: LoadedDocument;
  /**
   * Severity of this finding when it is less serious than the rule's, such as a warning for
   * one record type of an error rule. A higher value is ignored, and a severity set in
   * driftgate.yaml replaces it.
   */
  severity?: Severity;
}

/** Context of a rule's check. */
export interface RuleContext<D extends Domain, O> {
  document: LoadedDocument<DomainData[D]>;
  data: DomainData[D];
  options: O;
  /** Every document of the run, for checks that span files. */
  documents: readonly LoadedDocument[];
  /** The same document at the base revision, for rules that judge a change. */
  base?: LoadedDocument<DomainData[D]>;
  report(input: ReportInput): void;
}

/** A rule's declaration: metadata first, then the check. */
export interface RuleDefinition<D extends Domain, O extends object> {
  /** Kebab-case id with the domain prefix; equals the file name. */
  id: string;
  domain: D;
  /** One line: what the rule reports, starting with "Reports". */
  description: string;
  severity: Severity;
  profile: Profile;
  messages: Record<string, RuleMessage>;
  options?: { schema: object; defaults: O };
  /** Only runs when a base revision is given (pull-request checks). */
  requiresBase?: boolean;
  /**
   * Reports findings through `context.report`. A check must not read files or throw on bad input;
   * the engine turns an exception into a `rule-failure` finding.
   */
  check(context: RuleContext<D, O>): void;
}

/** A rule as the engine stores it. */
export interface Rule<D extends Domain = Domain, O extends object = object> extends RuleDefinition<D, O> {
  /** Path of the rule's docs page in the repository. */
  docs: string;
}

/** Declares a rule; the docs page path follows from the id. */
export function defineRule<D extends Domain, O extends object = Record<string, never>>(
  definition: RuleDefinition<D, O>,
): Rule<D, O> {
  return { ...definition, docs: `docs/rules/${definition.id}.md` };
}

/** A rule of any domain, as collections hold them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<any, any>;
