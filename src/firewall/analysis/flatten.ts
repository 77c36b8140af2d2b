/**
 * Follows jumps, gotos and returns from a base chain, so that its behaviour becomes one ordered
 * list of terminal decisions under first-match semantics.
 */
import { FALSE, type Node } from './bdd.js';
import type { FirewallModel, ModelChain, ModelRule, Verdict } from './model.js';
import type { PacketSpace } from './space.js';

/** One terminal decision of a flattened base chain. */
export interface Decision {
  /** The rule that decides, or undefined for the base chain's policy. */
  rule?: ModelRule;
  verdict: Verdict;
  /**
   * Packets that certainly reach and match the rule. Rules with unmodeled matches contribute
   * nothing here, so the chain's computed behaviour is the one where they never match.
   */
  lower: Node;
  /** Packets that may reach and match the rule. */
  upper: Node;
}

/** A base chain as decisions in order; the last decision is the policy and catches the rest. */
export interface FlatChain {
  chain: ModelChain;
  decisions: Decision[];
}

/** Flattens every base chain of the model. */
export function flattenModel(model: FirewallModel, space: PacketSpace): FlatChain[] {
  return [...model.chains.values()].filter((chain) => chain.hook !== undefined).map((chain) => flattenChain(model, space, chain));
}

/** Flattens one base chain. */
export function flattenChain(model: FirewallModel, space: PacketSpace, chain: ModelChain): FlatChain {
  const decisions: Decision[] = [];
  const { bdd } = space;
  const walk = (current: ModelChain, guard: Node, stack: string[], isBase: boolean): Node => {
    // `alive`: packets that entered this chain and have not returned from it yet.
    let alive = guard;
    for (const rule of current.rules) {
      if (alive === FALSE) break;
      const upper = bdd.and(alive, space.boxes(rule.boxes));
      const lower = rule.unmodeled.length > 0 ? FALSE : upper;
      if (rule.action === 'accept' || rule.action === 'drop' || rule.action === 'reject') {
        decisions.push({ rule, verdict: rule.action, lower, upper });
        continue;
      }
      if (rule.action === 'log') continue;
      if (rule.action === 'return') {
        if (isBase) decisions.push({ rule, verdict: chain.policy, lower, upper });
        else alive = bdd.diff(alive, lower);
        continue;
      }
      const target = rule.target === undefined ? undefined : model.chains.get(rule.target);
      // NOTE: a missing target or a loop (which iptables-restore rejects) is skipped here.
      if (!target || target.hook !== undefined || stack.includes(target.name)) continue;
      walk(target, lower, [...stack, target.name], false);
      if (rule.action === 'goto') {
        // Packets that fall off the end of a goto target return from this chain, or get the
        // policy when this is the base chain.
        if (isBase) decisions.push({ rule, verdict: chain.policy, lower, upper });
        else alive = bdd.diff(alive, lower);
      }
    }
    return alive;
  };
  walk(chain, space.universe, [chain.name], true);
  decisions.push({ verdict: chain.policy, lower: space.universe, upper: space.universe });
  return { chain, decisions };
}

