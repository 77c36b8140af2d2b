/** Services that must not be reachable from the whole Internet, and how rules expose them. */
import type { FirewallPolicy, Port, Rule } from '../types/firewall.js';
import { blockContains, parseBlock } from '../util/ip.js';
import type { AddressBlock } from '../util/ip.js';
import { asList } from './objects.js';
import { formatPortRange, parsePort, rangesOverlap } from './ports.js';
import type { PortRange } from './ports.js';
import { coversEveryAddress, resolveAddresses } from './resolve.js';

/** A service by name, transport protocol and port numbers. */
export interface SensitivePort {
  name: string;
  protocol: 'tcp' | 'udp' | 'sctp';
  ports: Port | Port[];
  /** `error` for a service that gives anyone who reaches it control of the host without credentials. */
  severity?: 'error' | 'warning';
}

/**
 * Services that attackers scan the whole IPv4 space for: remote shells and desktops, file
 * sharing, databases, caches, container and cluster control planes, and UDP services used
 * for amplification. Ports are the IANA assignments or the vendor defaults.
 */
export const DEFAULT_SENSITIVE_PORTS: readonly SensitivePort[] = [
  { name: 'SSH', protocol: 'tcp', ports: 22 },
  { name: 'Telnet', protocol: 'tcp', ports: 23 },
  { name: 'rpcbind', protocol: 'tcp', ports: 111 },
  { name: 'rpcbind', protocol: 'udp', ports: 111 },
  { name: 'MS RPC', protocol: 'tcp', ports: 135 },
  { name: 'NetBIOS', protocol: 'udp', ports: '137-138' },
  { name: 'NetBIOS', protocol: 'tcp', ports: 139 },
  { name: 'SNMP', protocol: 'udp', ports: 161 },
  { name: 'LDAP', protocol: 'tcp', ports: 389 },
  { name: 'CLDAP', protocol: 'udp', ports: 389 },
  { name: 'SMB', protocol: 'tcp', ports: 445 },
  { name: 'MSSQL', protocol: 'tcp', ports: 1433 },
  { name: 'Oracle', protocol: 'tcp', ports: 1521 },
  { name: 'NFS', protocol: 'tcp', ports: 2049 },
  { name: 'NFS', protocol: 'udp', ports: 2049 },
  { name: 'ZooKeeper', protocol: 'tcp', ports: 2181 },
  // The plain-HTTP Docker API has no authentication: it runs any container, as root.
  { name: 'Docker API', protocol: 'tcp', ports: 2375, severity: 'error' },
  { name: 'Docker API (TLS)', protocol: 'tcp', ports: 2376 },
  { name: 'etcd', protocol: 'tcp', ports: '2379-2380' },
  { name: 'MySQL', protocol: 'tcp', ports: 3306 },
  { name: 'RDP', protocol: 'tcp', ports: 3389 },
  { name: 'PostgreSQL', protocol: 'tcp', ports: 5432 },
  { name: 'VNC', protocol: 'tcp', ports: 5900 },
  { name: 'CouchDB', protocol: 'tcp', ports: 5984 },
  { name: 'Redis', protocol: 'tcp', ports: 6379 },
  { name: 'Kubernetes API', protocol: 'tcp', ports: 6443 },
  { name: 'Elasticsearch', protocol: 'tcp', ports: [9200, 9300] },
  { name: 'kubelet', protocol: 'tcp', ports: 10250 },
  { name: 'Memcached', protocol: 'tcp', ports: 11211 },
  { name: 'Memcached', protocol: 'udp', ports: 11211 },
  { name: 'MongoDB', protocol: 'tcp', ports: 27017 },
];

const portSchema = {
  type: ['integer', 'string'],
  minimum: 0,
  maximum: 65535,
  pattern: '^\\s*[0-9]+\\s*(-\\s*[0-9]+\\s*)?$',
};

/** JSON Schema of the `ports` option of rules that take a table of sensitive services. */
export const SENSITIVE_PORTS_OPTION_SCHEMA = {
  type: 'array',
  description: 'Sensitive services; setting this list replaces the default one.',
  items: {
    type: 'object',
    required: ['name', 'protocol', 'ports'],
    additionalProperties: false,
    properties: {
      name: { type: 'string', minLength: 1 },
      protocol: { enum: ['tcp', 'udp', 'sctp'] },
      ports: { anyOf: [portSchema, { type: 'array', minItems: 1, items: portSchema }] },
      severity: { enum: ['error', 'warning'] },
    },
  },
};

/** A sensitive service that a port range reaches, for messages: `SSH (22/tcp)`. */
export interface SensitiveHit {
  name: string;
  protocol: string;
  range: PortRange;
  severity?: 'error' | 'warning';
}

/** Lists the sensitive services of `protocol` on ports in `range`, or all when it is undefined. */
export function sensitiveHits(
  table: readonly SensitivePort[],
  protocol: string,
  range: PortRange | undefined,
): SensitiveHit[] {
  const hits: SensitiveHit[] = [];
  for (const entry of table) {
    if (entry.protocol !== protocol) continue;
    for (const value of asList(entry.ports)) {
      const parsed = parsePort(value);
      if (parsed.ok && (range === undefined || rangesOverlap(parsed.range, range))) {
        hits.push({ name: entry.name, protocol, range: parsed.range, ...(entry.severity ? { severity: entry.severity } : {}) });
      }
    }
  }
  return hits;
}

/** Formats hits as `SSH (22/tcp), Telnet (23/tcp)`: at most `limit` names, then a count. */
export function describeHits(hits: readonly SensitiveHit[], limit = 4): string {
  const names = hits
    .slice(0, limit)
    .map((hit) => `${hit.name} (${formatPortRange(hit.range)}/${hit.protocol})`);
  const rest = hits.length - names.length;
  return rest > 0 ? `${names.join(', ')} and ${rest} more` : names.join(', ');
}

/** Parses the `allowFrom` option into blocks; items that do not parse are left out. */
export function parseAllowFrom(items: readonly string[]): AddressBlock[] {
  return items
    .map((item) => parseBlock(item.trim()))
    .filter((block): block is AddressBlock => block !== undefined);
}

/**
 * Classifies how far a rule's sources reach: `any` for every address (absent `source`, `any`,
 * 0.0.0.0/0, ::/0) or a negated source, `outside` when `allowFrom` is not empty and a source
 * block lies outside every `allowFrom` block, and undefined otherwise. Undefined object names
 * count as no source, because fw-undefined-object reports them.
 */
export function sourceReach(
  policy: FirewallPolicy,
  rule: Rule,
  allowFrom: readonly AddressBlock[],
): 'any' | 'outside' | undefined {
  if (rule.source === undefined) return 'any';
  const resolved = resolveAddresses(policy, rule.source);
  if (rule.sourceNot) return resolved.any ? undefined : 'any';
  if (coversEveryAddress(resolved)) return 'any';
  // NOTE: a source block that spans two adjacent allowFrom blocks counts as outside.
  const outside = resolved.blocks.some(
    (block) => !allowFrom.some((allowed) => blockContains(allowed, block)),
  );
  return allowFrom.length > 0 && outside ? 'outside' : undefined;
}
