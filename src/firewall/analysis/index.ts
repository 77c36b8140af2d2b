/**
 * The firewall analysis engine: compile a canonical `FirewallPolicy`, then analyse its chains for
 * anomalies, query verdicts for packets, or compare two policies semantically.
 */
import type { FirewallPolicy } from '../../types/firewall.js';
import { analyseModel, type AnalysisResult } from './analyse.js';
import { compilePolicy } from './compile.js';
import { diffModels, type ChainDiff, type DiffOptions } from './diff.js';

export { analyseModel, type Anomaly, type AnomalyKind, type AnalysisOptions, type AnalysisResult, type RelatedRule } from './analyse.js';
export { compilePolicy, protocolNumber } from './compile.js';
export { diffModels, type ChainDiff, type DiffOptions, type FlowClass } from './diff.js';
export { DecisionIndex, type DecidedPart } from './decisions.js';
export { flattenChain, flattenModel, type Decision, type FlatChain } from './flatten.js';
export { formatAddressSet, formatFlowClass, formatNumberSet, formatPacket, protocolName } from './format.js';
export * from './model.js';
export { queryChain, type QueryResult } from './query.js';
export { describeVerdict, rejectKind } from './reject.js';
export { PacketSpace, formatAxisAddress, type Packet } from './space.js';

/** Compiles and analyses a canonical policy. */
export function analysePolicy(policy: FirewallPolicy): AnalysisResult {
  return analyseModel(compilePolicy(policy));
}

/** Compiles and compares two canonical policies. */
export function diffPolicies(before: FirewallPolicy, after: FirewallPolicy, options?: DiffOptions): ChainDiff[] {
  return diffModels(compilePolicy(before), compilePolicy(after), options);
}
