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

/** Native source formats whose own spelling a fix may use, and the document formats of each. */
export const NATIVE_SPELLINGS = {
  iptables: ['iptables-save', 'ip6tables-save'],
  nft: ['nft-text'],
  haproxy: ['haproxy'],
  netplan: ['netplan'],
  zone: ['zone'],
} as const;

/** A native source format whose spelling a fix may use, such as `iptables` for iptables-save. */
export type NativeSpelling = keyof typeof NATIVE_SPELLINGS;

/** Returns the native spelling of a document format, or undefined for canonical YAML and JSON. */
export function nativeSpellingOf(format: string): NativeSpelling | undefined {
  const entries = Object.entries(NATIVE_SPELLINGS) as [NativeSpelling, readonly string[]][];
  return entries.find(([, formats]) => formats.includes(format))?.[0];
}

/**
 * Returns a native fix for both iptables-save and `nft list ruleset` text, for a fix that names
 * only line numbers, which in both formats point at one rule each.
 */
export function firewallLineFix(template: string): Partial<Record<NativeSpelling, string>> {
  return { iptables: template, nft: template };
}

/** A message a rule reports, with `{{name}}` placeholders, and how to fix what it reports. */
export interface RuleMessage {
  message: string;
  /** The fix in the terms of canonical YAML, which also serves formats not in `nativeFix`. */
  fix: string;
  /**
   * The fix in the spelling of a native format, for a finding in a file of that format. Besides
   * the report's data, it may use `{{findingLine}}` (the finding's line) and `{{relatedLine}}`
   * (the line of the first related place in the same file).
   */
  nativeFix?: Partial<Record<NativeSpelling, string>>;
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
