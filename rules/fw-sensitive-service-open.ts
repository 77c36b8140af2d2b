import { defineRule } from '../src/engine/rule.js';
import type { RelatedInput, ReportInput } from '../src/engine/rule.js';
import {
  admitsNewConnections,
  isInboundFilterChain,
  isLoopbackOnly,
} from '../src/firewall/match.js';
import { ruleLabel, rulesOf } from '../src/firewall/objects.js';
import type { RuleAt } from '../src/firewall/objects.js';
import { PORT_PROTOCOLS, formatPortRange } from '../src/firewall/ports.js';
import { ruleServices } from '../src/firewall/resolve.js';
import type { ServiceMatch } from '../src/firewall/resolve.js';
import {
  DEFAULT_SENSITIVE_PORTS,
  SENSITIVE_PORTS_OPTION_SCHEMA,
  describeHits,
  parseAllowFrom,
  sensitiveHits,
  sourceReach,
} from '../src/firewall/sensitive.js';
import type { SensitiveHit, SensitivePort } from '../src/firewall/sensitive.js';
import type { FirewallPolicy, Rule } from '../src/types/firewall.js';
import type { AddressBlock } from '../src/util/ip.js';

interface Options {
  ports: SensitivePort[];
  allowFrom: string[];
}

const optionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ports: SENSITIVE_PORTS_OPTION_SCHEMA,
    allowFrom: {
      type: 'array',
      description:
        'Prefixes that may reach sensitive services; sources outside them are reported too.',
      items: { type: 'string', pattern: '^[0-9A-Fa-f.:/-]+$' },
    },
  },
};

/**
 * Lists the chains whose accept rules see new inbound packets: input and forward base chains
 * of filter tables, and user chains that such a chain jumps to without a port match.
 * NOTE: a user chain reached only through a jump with `ports` or `service` is left out, so
 * exposures behind port-filtered jumps are missed rather than reported for the wrong ports.
 */
function exposedChains(policy: FirewallPolicy, allowFrom: readonly AddressBlock[]): Set<string> {
  const chains = policy.chains ?? {};
  const exposed = new Set(
    Object.keys(chains).filter((name) => isInboundFilterChain(chains[name]!)),
  );
  const pending = [...exposed];
  while (pending.length > 0) {
    for (const rule of chains[pending.pop()!]?.rules ?? []) {
      const target = rule.target;
      if ((rule.action !== 'jump' && rule.action !== 'goto') || target === undefined) continue;

      const isNewUserChain = !exposed.has(target) && chains[target]?.hook === undefined;
      const matchesPorts =
        rule.ports !== undefined || rule.service !== undefined || rule.sourcePorts !== undefined;
      if (!isNewUserChain || chains[target] === undefined || matchesPorts) continue;
      if (!opensToNetwork(policy, rule, allowFrom)) continue;
      exposed.add(target);
      pending.push(target);
    }
  }
  return exposed;
}

/** Returns true when a rule admits new connections, not on loopback, from beyond `allowFrom`. */
function opensToNetwork(
  policy: FirewallPolicy,
  rule: Rule,
  allowFrom: readonly AddressBlock[],
): boolean {
  return (
    !isLoopbackOnly(rule) &&
    admitsNewConnections(rule) &&
    sourceReach(policy, rule, allowFrom) !== undefined
  );
}

/** A finding in the making: the node to point at and the sensitive services it opens. */
interface Exposure {
  path: (string | number)[];
  hits: SensitiveHit[];
  related: RelatedInput[];
}

/** Groups the sensitive services a port-restricted match opens by the node that names the ports. */
function exposuresOf(match: ServiceMatch, table: readonly SensitivePort[]): Exposure[] {
  const byNode = new Map<string, Exposure>();
  for (const port of match.ports ?? []) {
    const hits = sensitiveHits(table, match.protocol, port.range);
    if (hits.length === 0) continue;
    const key = JSON.stringify(port.path);
    const exposure = byNode.get(key) ?? { path: port.path, hits: [], related: [] };
    for (const hit of hits) {
      const known = exposure.hits.some(
        (seen) =>
          seen.name === hit.name && formatPortRange(seen.range) === formatPortRange(hit.range),
      );
      if (!known) exposure.hits.push(hit);
    }
    if (port.objectPath) {
      exposure.related.push({
        path: port.objectPath,
        message: `port ${formatPortRange(port.range)} of service \`${match.serviceName}\``,
      });
    }
    byNode.set(key, exposure);
  }
  return [...byNode.values()];
}

function checkRule(
  policy: FirewallPolicy,
  at: RuleAt,
  options: Options,
  allowFrom: readonly AddressBlock[],
  report: (input: ReportInput) => void,
): void {
  const reach = sourceReach(policy, at.rule, allowFrom);
  const source = reach === 'any' ? 'any source' : 'sources outside `allowFrom`';
  for (const match of ruleServices(policy, at)) {
    // Protocols without ports open no service port. A rule without a protocol accepts whole
    // hosts or interfaces: fw-accept-everything reports the unrestricted ones, and trusting
    // a whole interface is a deliberate choice.
    if (!PORT_PROTOCOLS.has(match.protocol)) continue;
    if (match.ports === undefined) {
      const hits = sensitiveHits(options.ports, match.protocol, undefined);
      if (hits.length === 0) continue;
      const data = {
        rule: ruleLabel(at),
        protocol: match.protocol,
        source,
        services: describeHits(hits),
      };
      report({ messageId: 'allPorts', path: match.path, data, ...severityOf(hits) });
      continue;
    }
    for (const exposure of exposuresOf(match, options.ports)) {
      const first = exposure.hits[0]!;
      const data = {
        rule: ruleLabel(at),
        source,
        services: describeHits(exposure.hits),
        service: first.name,
        port: `${formatPortRange(first.range)}/${first.protocol}`,
      };
      report({ messageId: 'open', path: exposure.path, data, related: exposure.related, ...severityOf(exposure.hits) });
    }
  }
}

/**
 * Returns the severity of a finding: an error when one of the services it names is marked as
 * one (the rule's own severity), else a warning.
 */
function severityOf(hits: readonly SensitiveHit[]): { severity?: 'warning' } {
  return hits.some((hit) => hit.severity === 'error') ? {} : { severity: 'warning' };
}

export default defineRule<'firewall', Options>({
  id: 'fw-sensitive-service-open',
  domain: 'firewall',
  description:
    'Reports accept rules that open SSH, databases and other sensitive services to any source',
  // Most services are warnings. The ones that give control of the host without credentials,
  // such as the plain-HTTP Docker API, are errors.
  severity: 'error',
  profile: 'recommended',
  messages: {
    open: {
      message: 'rule `{{rule}}` accepts {{services}} from {{source}}',
      fix: 'Limit `source` to the networks that need {{service}}, such as the management network, or reach it through a VPN.',
      nativeFix: {
        iptables:
          'Add `-s` with the networks that need {{service}} to the rule on line {{findingLine}}, such as the management network, or reach it through a VPN.',
        nft:
          'Add `ip saddr` (`ip6 saddr` for IPv6) with the networks that need {{service}} to the rule on line {{findingLine}}, such as the management network, or reach it through a VPN.',
      },
    },
    allPorts: {
      message:
        'rule `{{rule}}` accepts every {{protocol}} port from {{source}}, including {{services}}',
      fix: 'List the ports this host serves in `ports`, or limit `source`.',
      nativeFix: {
        iptables:
          'List the ports this host serves with `--dport` or `-m multiport --dports` on line {{findingLine}}, or add `-s` to limit the sources.',
        nft:
          'List the ports this host serves with `tcp dport { ... }` on line {{findingLine}}, or add `ip saddr` to limit the sources.',
      },
    },
  },
  options: {
    schema: optionsSchema,
    defaults: { ports: [...DEFAULT_SENSITIVE_PORTS], allowFrom: [] },
  },
  check({ data, options, report }) {
    const allowFrom = parseAllowFrom(options.allowFrom);
    const chains = exposedChains(data, allowFrom);
    for (const at of rulesOf(data)) {
      if (!chains.has(at.chain) || at.rule.action !== 'accept') continue;
      if (!opensToNetwork(data, at.rule, allowFrom)) continue;
      checkRule(data, at, options, allowFrom, report);
    }
  },
});
