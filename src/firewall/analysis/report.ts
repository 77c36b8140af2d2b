/** Helpers that turn engine results into rule findings: cached analysis, labels and locations. */
import type { RelatedInput } from '../../engine/rule.js';
import type { FirewallPolicy } from '../../types/firewall.js';
import { analyseModel, isReturnTrafficOrLoopback, type AnalysisResult, type Anomaly, type RelatedRule } from './analyse.js';
import { compilePolicy } from './compile.js';
import { formatPacket } from './format.js';

const cache = new WeakMap<FirewallPolicy, AnalysisResult>();

/** Seconds one document's firewall analysis may take when `DRIFTGATE_ANALYSIS_TIME_LIMIT` is not set. */
export const DEFAULT_ANALYSIS_TIME_LIMIT = 60;

/**
 * Analyses a policy once per document, however many rules ask. The analysis stops after
 * `DRIFTGATE_ANALYSIS_TIME_LIMIT` seconds (default 60), so that a pre-commit or CI gate ends
 * on rulesets whose rules overlap each other by the million. `fw-shadowed-rule` reports the stop.
 */
export function analysisOf(policy: FirewallPolicy): AnalysisResult {
  let result = cache.get(policy);
  if (!result) {
    result = analyseModel(compilePolicy(policy), undefined, { timeLimitMs: analysisTimeLimit() * 1000 });
    cache.set(policy, result);
  }
  return result;
}

/** Returns `DRIFTGATE_ANALYSIS_TIME_LIMIT` in seconds, or the default when it is unset or not a number of seconds. */
function analysisTimeLimit(): number {
  const value = Number(process.env['DRIFTGATE_ANALYSIS_TIME_LIMIT']);
  return process.env['DRIFTGATE_ANALYSIS_TIME_LIMIT'] !== undefined && Number.isFinite(value) && value >= 0 ? value : DEFAULT_ANALYSIS_TIME_LIMIT;
}

/** Names a related rule for messages: `` `ssh` `` or `the policy of input`. */
export function relatedLabel(related: RelatedRule): string {
  return related.rule ? `\`${related.rule.label}\`` : `the policy of ${related.chain}`;
}

/** Lists related rules for messages, at most `limit` of them, with a count of the rest. */
export function relatedList(related: RelatedRule[], limit = 3): string {
  const labels = related.slice(0, limit).map(relatedLabel);
  const rest = related.length - labels.length;
  return rest > 0 ? `${labels.join(', ')} and ${rest} more` : labels.join(', ');
}

/**
 * Most related locations one finding lists. A rule can overlap thousands of earlier rules, and
 * listing each made the JSON output for a 10,000-rule iptables-save dump 480 MB. The finding's
 * message gives the full count.
 */
export const MAX_RELATED_LOCATIONS = 20;

/** Returns the locations of the first `MAX_RELATED_LOCATIONS` related rules (or the chain policy) of a finding. */
export function relatedLocations(related: RelatedRule[], message: string): RelatedInput[] {
  return related.slice(0, MAX_RELATED_LOCATIONS).map((item) => ({
    path: item.rule ? [...item.rule.path] : ['chains', item.chain, 'policy'],
    message: `${message}: ${item.rule ? item.rule.label : `policy of ${item.chain}`} (${item.verdict})`,
  }));
}

/**
 * Returns the anomaly's related rules with the one a fix should name first. That is the rule
 * that decides the example packet, else the first rule other than an opening rule (accept
 * replies or loopback, drop invalid packets), else the first rule. The rest keep chain order.
 */
export function leadingRelated(anomaly: Anomaly): RelatedRule[] {
  const { related } = anomaly;
  const lead =
    related.find((item) => item === anomaly.witnessRule) ??
    related.find((item) => !isReturnTrafficOrLoopback(item.rule)) ??
    related[0];
  return lead === undefined ? related : [lead, ...related.filter((item) => item !== lead)];
}

/**
 * Returns the related rules in the order a message lists them: the leading rule, then the other
 * rules, then opening rules, so that a list cut short ("and 3 more") still names the rules that
 * matter. Each group keeps chain order.
 */
function messageOrder(anomaly: Anomaly): RelatedRule[] {
  const [lead, ...rest] = leadingRelated(anomaly);
  if (lead === undefined) return [];
  const opening = rest.filter((item) => isReturnTrafficOrLoopback(item.rule));
  return [lead, ...rest.filter((item) => !opening.includes(item)), ...opening];
}

/** Message data shared by anomaly findings. */
export function anomalyData(anomaly: Anomaly): Record<string, unknown> {
  const unmodeled = anomaly.rule.unmodeled;
  return {
    rule: anomaly.rule.label,
    related: relatedList(messageOrder(anomaly)),
    first: anomaly.related.length > 0 ? relatedLabel(leadingRelated(anomaly)[0]!) : '',
    witness: anomaly.witness ? formatPacket(anomaly.witness) : '',
    verdict: anomaly.witnessVerdict ?? '',
    action: anomaly.rule.action,
    note: anomaly.uncertain
      ? ` (driftgate cannot evaluate some matches${unmodeled.length > 0 ? ` such as ${unmodeled[0]}` : ' of earlier rules'}, and assumed they never match)`
      : '',
  };
}
