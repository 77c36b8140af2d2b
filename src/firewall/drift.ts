/**
 * Semantic comparison of a desired and a live firewall, whatever format each side is written in
 * (canonical YAML or JSON, iptables-save, ip6tables-save, `nft -j list ruleset`). Two rulesets
 * that give every packet the same verdict are equal, so reordered independent rules, option
 * aliases, masked host bits and counters never show as drift. A difference is reported as the
 * traffic newly allowed or denied, then the deciding rule on each side.
 */
import type { LoadedDocument } from '../model.js';
import type { FirewallPolicy } from '../types/firewall.js';
import { compilePolicy, describeVerdict, diffModels, formatFlowClass } from './analysis/index.js';
import type { FirewallModel, FlowClass, ModelChain, ModelRule } from './analysis/index.js';
import { ADDRESS_MAX, IPV6_OFFSET } from './analysis/model.js';
import { codeSpan } from '../util/text.js';

/** Firewall documents of one side, with the text of each file for quoting rules. */
export interface FirewallSide {
  /** `desired` or `live`, as messages name the side. */
  label: string;
  documents: LoadedDocument[];
  /** Source text by `LoadedDocument.file`. */
  texts: Map<string, string>;
}

/** One class of packets whose verdict differs between the desired and the live firewall. */
export interface FirewallDifference {
  family: 4 | 6;
  /** Table and hook of the base chain, such as `filter/input`. */
  chain: string;
  /**
   * `newly-allowed`, `newly-denied`, or `denial-changed`: drop against reject, or two rejects
   * that send different replies, such as a TCP reset against ICMP port unreachable.
   */
  change: 'newly-allowed' | 'newly-denied' | 'denial-changed';
  /** The packets, such as `tcp from any to 198.51.100.0/24 port 22`. */
  flow: string;
  /** Verdict and deciding rule on the desired side. */
  expected: string;
  /** Verdict and deciding rule on the live side. */
  actual: string;
}

/** Tables whose names iptables fixes; an nft table of another name is compared as `filter`. */
const NAMED_TABLES = new Set(['filter', 'nat', 'mangle', 'raw', 'security']);

const FAMILY_RANGE = {
  4: [[0n, IPV6_OFFSET - 1n]] as const,
  6: [[IPV6_OFFSET, ADDRESS_MAX]] as const,
};

/**
 * Compares two firewall sides family by family. A family is compared only when the desired
 * side has a document for it, because a repository that manages only IPv4 rules does not
 * describe the host's IPv6 rules.
 */
export function compareFirewallSides(desired: FirewallSide, live: FirewallSide, maxClasses = 20): FirewallDifference[] {
  const differences: FirewallDifference[] = [];
  for (const family of [4, 6] as const) {
    const desiredModel = familyModel(desired, family);
    if (!desiredModel) continue;
    const liveModel = familyModel(live, family) ?? emptyModel(family);
    for (const chainDiff of diffModels(desiredModel.model, liveModel.model, { maxClasses })) {
      const describe = (change: FirewallDifference['change'], flow: FlowClass): FirewallDifference => ({
        family,
        chain: chainDiff.chain,
        change,
        flow: formatFlowClass(flow),
        expected: decisionText(desiredModel, flow.before, family),
        actual: decisionText(liveModel, flow.after, family),
      });
      for (const flow of chainDiff.newlyAllowed) differences.push(describe('newly-allowed', flow));
      for (const flow of chainDiff.newlyDenied) differences.push(describe('newly-denied', flow));
      for (const flow of chainDiff.changedDenial) differences.push(describe('denial-changed', flow));
    }
  }
  return differences;
}


/** A side's model for one family, with the document and text behind each rule. */
interface FamilyModel {
  side: FirewallSide;
  model: FirewallModel;
  documentOf: Map<ModelRule, LoadedDocument>;
}

function emptyModel(family: 4 | 6): FamilyModel {
  const side: FirewallSide = { label: 'live', documents: [], texts: new Map() };
  return { side, model: { families: [family], chains: new Map(), management: [] }, documentOf: new Map() };
}

/**
 * Merges the documents of a side that cover `family` into one model. Base chains are grouped by
 * `table/hook`, so iptables `INPUT` pairs with an nft chain on the input hook. A group with
 * several base chains, such as an nft table beside the iptables tables, becomes one chain named
 * `table/hook` with the others as `laterBaseChains`, in priority order: a packet passes the hook
 * only if every chain accepts it. Each base chain first accepts the other family, so that family
 * never differs in this pass.
 */
function familyModel(side: FirewallSide, family: 4 | 6): FamilyModel | undefined {
  const chains = new Map<string, ModelChain>();
  const groups = new Map<string, ModelChain[]>();
  const documentOf = new Map<ModelRule, LoadedDocument>();
  let found = false;
  for (const document of side.documents) {
    if (document.kind !== 'firewall') continue;
    const model = compilePolicy(document.data as FirewallPolicy);
    if (!model.families.includes(family)) continue;
    found = true;
    for (const chain of model.chains.values()) {
      // A chain of an nft `ip` or `ip6` table receives the packets of its own family only.
      if (chain.family !== undefined && chain.family !== family) continue;
      for (const rule of chain.rules) documentOf.set(rule, document);
      if (chain.hook === undefined) {
        chains.set(chain.name, chain);
        continue;
      }
      const key = `${NAMED_TABLES.has(chain.table) ? chain.table : 'filter'}/${chain.hook}`;
      const group = groups.get(key) ?? [];
      group.push({ ...chain, rules: [otherFamilyGuard(family, key), ...chain.rules] });
      groups.set(key, group);
    }
  }
  if (!found) return undefined;
  for (const [key, group] of groups) {
    // The sort is stable, so chains of one priority keep the order they were read in. Their
    // order changes only which rule a message names and whether a packet is dropped or rejected.
    const [first, ...later] = [...group].sort((left, right) => chainPriority(left) - chainPriority(right));
    chains.set(key, { ...first!, name: key, ...(later.length > 0 ? { laterBaseChains: later } : {}) });
  }
  return { side, model: { families: [family], chains, management: [] }, documentOf };
}

/**
 * Priorities iptables registers its tables at (NF_IP_PRI_* in linux/netfilter_ipv4.h), for chains
 * whose source gives none. `nat` is dstnat (-100) on prerouting and output, srcnat (100) elsewhere.
 */
const TABLE_PRIORITIES: Record<string, number> = { raw: -300, mangle: -150, filter: 0, security: 50 };

function chainPriority(chain: ModelChain): number {
  if (chain.priority !== undefined) return chain.priority;
  if (chain.table === 'nat') return chain.hook === 'prerouting' || chain.hook === 'output' ? -100 : 100;
  return TABLE_PRIORITIES[chain.table] ?? 0;
}

function otherFamilyGuard(family: 4 | 6, chain: string): ModelRule {
  const other = FAMILY_RANGE[family === 4 ? 6 : 4];
  return { boxes: [{ source: [...other] }], action: 'accept', unmodeled: [], label: `other family`, chain, index: -1, path: [] };
}

/**
 * Names a verdict, with what a reject sends to packets of `family`, and what decided it: the
 * rule as written with its location, or the policy.
 */
function decisionText(side: FamilyModel, decision: FlowClass['before'], family: 4 | 6): string {
  const verdict = describeVerdict(decision.verdict, family);
  const rule = decision.rule;
  if (!rule) return `${verdict} (chain policy)`;
  const document = side.documentOf.get(rule);
  if (!document) return `${verdict} (rule ${rule.label})`;
  const range = document.locator.locate(rule.path);
  const line = side.side.texts.get(document.file)?.split('\n')[range.line - 1]?.trim();
  const quoted = line && line.length <= 160 ? codeSpan(line) : rule.label;
  return `${verdict} (rule ${quoted} at ${document.file} line ${range.line})`;
}
