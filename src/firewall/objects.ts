/** Resolution of firewall address and service objects, shared by the firewall rules. */
import type { FirewallPolicy, Rule as FirewallRule } from '../types/firewall.js';

/** Returns a list field (`source`, `ports`, ...) as an array, whatever form it was written in. */
export function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Words that mean "every address". */
export const ANY_ADDRESS = new Set(['any', '*', 'all']);

/**
 * Tells an address literal (`192.0.2.1`, `2001:db8::/32`, a range) from the name of an
 * address object: literals contain a dot, a colon or a slash and only address characters.
 */
export function isAddressLiteral(text: string): boolean {
  return /^[0-9A-Fa-f.:/%-]+$/.test(text) && /[.:/]/.test(text) && /[0-9]/.test(text);
}

/**
 * Returns true for the object that stands for a named nft set (`nftset:family/table/name`). The
 * service object of a port set has protocol `any`, because each rule that uses the set supplies
 * the protocol, such as `tcp dport @web`.
 */
export function isNftSetObject(name: string): boolean {
  return name.startsWith('nftset:');
}

/** A firewall rule with where it sits. */
export interface RuleAt {
  chain: string;
  index: number;
  rule: FirewallRule;
  path: (string | number)[];
}

/** Lists every rule of every chain, in order. */
export function rulesOf(policy: FirewallPolicy): RuleAt[] {
  const result: RuleAt[] = [];
  for (const [chain, definition] of Object.entries(policy.chains ?? {})) {
    (definition.rules ?? []).forEach((rule, index) => {
      result.push({ chain, index, rule, path: ['chains', chain, 'rules', index] });
    });
  }
  return result;
}

/** Names the rule for messages: its `id`, else `chain[index]`. */
export function ruleLabel(at: RuleAt): string {
  return at.rule.id ?? `${at.chain}[${at.index}]`;
}

/** One item of a list field with the data path that reaches it. */
export interface ItemAt<T> {
  value: T;
  path: (string | number)[];
}

/**
 * Lists the items of a list field with their paths: `path` itself for a single value written
 * without a list, `[...path, index]` for each item of a list.
 */
export function itemsAt<T>(value: T | T[] | undefined, path: (string | number)[]): ItemAt<T>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return [{ value, path }];
  return value.map((item, index) => ({ value: item, path: [...path, index] }));
}
