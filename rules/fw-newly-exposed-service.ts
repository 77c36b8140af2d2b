import { defineRule } from '../src/engine/rule.js';
import type { DataPath, LoadedDocument } from '../src/model.js';
import { IPV6_OFFSET, protocolNumber, STATES, type Box, type FlowClass, type Interval } from '../src/firewall/analysis/index.js';
import { isInboundFilterChain } from '../src/firewall/match.js';
import { formatPortRange } from '../src/firewall/ports.js';
import { DEFAULT_SENSITIVE_PORTS, SENSITIVE_PORTS_OPTION_SCHEMA, sensitiveHits } from '../src/firewall/sensitive.js';
import type { SensitiveHit, SensitivePort } from '../src/firewall/sensitive.js';
import { describeAddresses, diffDocuments, mergeIntervals } from '../src/gate/impact/firewall.js';

interface Options {
  ports: SensitivePort[];
  minShare: number;
}

/** Classes per chain the rule inspects; a larger diff is cut there and may miss an exposure. */
const MAX_CLASSES = 2000;

const NEW_STATE = BigInt(STATES.indexOf('new'));

const FAMILIES = [
  { first: 0n, size: IPV6_OFFSET },
  { first: IPV6_OFFSET, size: 1n << 128n },
];

/**
 * Returns the largest share of one address family that the sources cover, from 0 to 1. IPv4 and
 * IPv6 are measured apart, so 0.0.0.0/0 alone gives 1.
 */
export function largestFamilyShare(sources: readonly Interval[]): number {
  let largest = 0;
  for (const family of FAMILIES) {
    let covered = 0n;
    for (const [first, last] of sources) {
      const low = first > family.first ? first : family.first;
      const end = family.first + family.size - 1n;
      const high = last < end ? last : end;
      if (high >= low) covered += high - low + 1n;
    }
    // Scale to parts per million before the division, because the sizes exceed Number's range.
    largest = Math.max(largest, Number((covered * 1_000_000n) / family.size) / 1_000_000);
  }
  return largest;
}

function contains(intervals: readonly Interval[], value: bigint): boolean {
  return intervals.some(([first, last]) => first <= value && value <= last);
}

function overlaps(intervals: readonly Interval[], first: bigint, last: bigint): boolean {
  return intervals.some(([low, high]) => low <= last && first <= high);
}

/** Returns true when every packet of the class arrives on the loopback interface. */
function isLoopbackOnly(flow: FlowClass): boolean {
  return flow.inInterface !== 'any' && flow.inInterface.every((name) => name === 'lo');
}

/**
 * Returns true when new connections of the hit's protocol and ports are part of the class.
 * Loopback traffic comes from the host itself, whatever its source address, so it is left out.
 */
function reachesService(flow: FlowClass, hit: SensitiveHit): boolean {
  if (isLoopbackOnly(flow)) return false;
  const protocol = protocolNumber(hit.protocol);
  if (typeof protocol !== 'number' || !contains(flow.protocol, BigInt(protocol))) return false;
  if (!contains(flow.state, NEW_STATE)) return false;
  return overlaps(flow.destinationPort, BigInt(hit.range.first), BigInt(hit.range.last));
}

/** One sensitive service that a change opens in one chain: its new sources and where. */
interface Exposure {
  hit: SensitiveHit;
  sources: Interval[];
  /** The head rule that accepts the first class, or undefined when the chain policy does. */
  rule?: { label: string; path: DataPath };
}

/** Returns the box of new connections to a service, for a diff restricted to it. */
function serviceBox(hit: SensitiveHit): Box {
  const protocol = BigInt(protocolNumber(hit.protocol) ?? 0);
  return {
    protocol: [[protocol, protocol]],
    destinationPort: [[BigInt(hit.range.first), BigInt(hit.range.last)]],
    state: [[NEW_STATE, NEW_STATE]],
  };
}

/**
 * Lists the sensitive services whose new connections a change newly accepts in a chain. The
 * first diff only picks candidates, because the fields of a class that is not exact may
 * over-state it. A diff restricted to each candidate's new connections then gives exact sources.
 */
function exposuresOf(base: LoadedDocument, head: LoadedDocument, chain: string, flows: readonly FlowClass[], table: readonly SensitivePort[]): Exposure[] {
  const exposures: Exposure[] = [];
  for (const protocol of ['tcp', 'udp', 'sctp'] as const) {
    for (const hit of sensitiveHits(table, protocol, undefined)) {
      if (!flows.some((flow) => reachesService(flow, hit))) continue;
      const restricted = diffDocuments(base, head, { maxClasses: MAX_CLASSES, within: serviceBox(hit) });
      const newlyAllowed = restricted.find((chainDiff) => chainDiff.chain === chain)?.newlyAllowed ?? [];
      const reaching = newlyAllowed.filter((flow) => !isLoopbackOnly(flow));
      if (reaching.length === 0) continue;
      const sources = mergeIntervals(reaching.flatMap((flow) => flow.source));
      const rule = reaching.find((flow) => flow.after.rule)?.after.rule;
      exposures.push({ hit, sources, ...(rule ? { rule: { label: rule.label, path: [...rule.path] } } : {}) });
    }
  }
  return exposures;
}

export default defineRule<'firewall', Options>({
  id: 'fw-newly-exposed-service',
  domain: 'firewall',
  description: 'Reports changes that make SSH, databases and other sensitive services reachable from any source',
  severity: 'error',
  profile: 'recommended',
  requiresBase: true,
  messages: {
    exposed: {
      message: 'this change makes {{service}} ({{port}}) reachable from {{sources}} through rule `{{rule}}` in chain {{chain}}',
      fix: 'Limit `source` of `{{rule}}` to the networks that need {{service}}, or keep the rule that blocked it. If the exposure is intended, add `Driftgate-Allow: fw-newly-exposed-service` to the commit message.',
      nativeFix: {
        iptables:
          'Add `-s` with the networks that need {{service}} to the rule on line {{findingLine}}, or keep the rule that blocked it. If the exposure is intended, add `Driftgate-Allow: fw-newly-exposed-service` to the commit message.',
        nft:
          'Add `ip saddr` (`ip6 saddr` for IPv6) with the networks that need {{service}} to the rule on line {{findingLine}}, or keep the rule that blocked it. If the exposure is intended, add `Driftgate-Allow: fw-newly-exposed-service` to the commit message.',
      },
    },
    exposedByPolicy: {
      message: 'this change makes {{service}} ({{port}}) reachable from {{sources}} through the accept policy of chain {{chain}}',
      fix: 'Add a rule that drops {{service}} from networks that do not need it, or keep the rule that blocked it. If the exposure is intended, add `Driftgate-Allow: fw-newly-exposed-service` to the commit message.',
    },
  },
  options: {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ports: SENSITIVE_PORTS_OPTION_SCHEMA,
        minShare: {
          type: 'number',
          exclusiveMinimum: 0,
          maximum: 1,
          description: 'Share of the IPv4 or IPv6 address space that newly allowed sources must cover to count as any source.',
        },
      },
    },
    defaults: { ports: [...DEFAULT_SENSITIVE_PORTS], minShare: 0.5 },
  },
  check({ document, data, base, options, report }) {
    if (!base) return;
    const chains = data.chains ?? {};
    for (const chainDiff of diffDocuments(base, document, { maxClasses: MAX_CLASSES })) {
      const chain = chains[chainDiff.chain];
      if (!chain || !isInboundFilterChain(chain)) continue;
      for (const exposure of exposuresOf(base, document, chainDiff.chain, chainDiff.newlyAllowed, options.ports)) {
        if (largestFamilyShare(exposure.sources) < options.minShare) continue;
        const data = {
          service: exposure.hit.name,
          port: `${formatPortRange(exposure.hit.range)}/${exposure.hit.protocol}`,
          sources: describeAddresses(exposure.sources),
          chain: chainDiff.chain,
          rule: exposure.rule?.label ?? '',
        };
        if (exposure.rule) report({ messageId: 'exposed', path: exposure.rule.path, data });
        else report({ messageId: 'exposedByPolicy', path: ['chains', chainDiff.chain, 'policy'], data });
      }
    }
  },
});
