/** Resolution of address and service objects to address blocks, protocols and port ranges. */
import type { AddressList, FirewallPolicy, Rule as FirewallRule, Service } from '../types/firewall.js';
import { parseBlock } from '../util/ip.js';
import type { AddressBlock } from '../util/ip.js';
import { ANY_ADDRESS, asList, isAddressLiteral, itemsAt } from './objects.js';
import type { RuleAt } from './objects.js';
import { parsePort, protocolName } from './ports.js';
import type { PortRange } from './ports.js';

/** The addresses of an address list after object names are replaced by their contents. */
export interface ResolvedAddresses {
  /** True when the list names `any` (directly or through an object), or is absent. */
  any: boolean;
  blocks: AddressBlock[];
  /** Names that are neither literals nor defined address objects. */
  undefinedNames: string[];
}

/**
 * Resolves an address list, following address objects that name other objects. A name met
 * twice on one path (a cycle) resolves to nothing the second time. An absent list is `any`.
 */
export function resolveAddresses(
  policy: FirewallPolicy,
  list: AddressList | undefined,
): ResolvedAddresses {
  const result: ResolvedAddresses = { any: list === undefined, blocks: [], undefinedNames: [] };
  const objects = policy.objects?.addresses ?? {};
  const visit = (item: string, seen: ReadonlySet<string>): void => {
    const text = item.trim();
    if (ANY_ADDRESS.has(text.toLowerCase())) {
      result.any = true;
    } else if (isAddressLiteral(text)) {
      const block = parseBlock(text);
      if (block) result.blocks.push(block);
    } else if (Object.hasOwn(objects, text)) {
      if (seen.has(text)) return;
      const next = new Set(seen).add(text);
      for (const member of asList(objects[text])) visit(member, next);
    } else {
      result.undefinedNames.push(text);
    }
  };
  for (const item of asList(list)) visit(item, new Set());
  return result;
}

/** Returns true when a block is a whole address family: 0.0.0.0/0 or ::/0. */
export function isWholeFamily(block: AddressBlock): boolean {
  const last = block.version === 4 ? (1n << 32n) - 1n : (1n << 128n) - 1n;
  return block.first === 0n && block.last === last;
}

/** Returns true when resolved addresses cover every address of at least one family. */
export function coversEveryAddress(resolved: ResolvedAddresses): boolean {
  return resolved.any || resolved.blocks.some(isWholeFamily);
}

/** One port range that a rule matches, with the data path of the item that wrote it. */
export interface PortAt {
  range: PortRange;
  path: (string | number)[];
  /** Path of the port item inside a service object, when the range came from one. */
  objectPath?: (string | number)[];
}

/** A protocol and the destination ports that a rule matches, from the rule or a service object. */
export interface ServiceMatch {
  protocol: string;
  /** Destination ports; undefined when the rule matches every port of the protocol. */
  ports: PortAt[] | undefined;
  /** Path of the node that names the protocol: the rule's `protocol` or its `service` item. */
  path: (string | number)[];
  /** Name of the service object, when the match came from one. */
  serviceName?: string;
}

/**
 * Lists the protocols and destination ports a rule matches. A rule with `service` matches
 * what its service objects list, and undefined service names are left out. Otherwise the
 * rule's own `protocol` and `ports` apply, and an absent protocol is `any`.
 */
export function ruleServices(policy: FirewallPolicy, at: RuleAt): ServiceMatch[] {
  const { rule, path } = at;
  if (rule.service === undefined) {
    const ports = rule.ports === undefined ? undefined : portsAt(rule.ports, [...path, 'ports']);
    return [{ protocol: protocolName(rule.protocol), ports, path: [...path, 'protocol'] }];
  }
  const services = policy.objects?.services ?? {};
  const matches: ServiceMatch[] = [];
  for (const { value: name, path: itemPath } of itemsAt(rule.service, [...path, 'service'])) {
    if (Object.hasOwn(services, name)) matches.push(serviceMatch(services[name]!, name, itemPath, rule.protocol));
  }
  return matches;
}

function serviceMatch(service: Service, name: string, itemPath: (string | number)[], ruleProtocol: FirewallRule['protocol']): ServiceMatch {
  const objectPath = ['objects', 'services', name, 'ports'];
  const ports =
    service.ports === undefined
      ? undefined
      : portsAt(service.ports, objectPath).map((port) => ({
          range: port.range,
          path: itemPath,
          objectPath: port.path,
        }));
  // The rule's own protocol narrows a service of protocol `any`, as `tcp dport @ports` narrows
  // the service object of an nft port set, and as the analysis intersects them.
  const own = protocolName(service.protocol);
  const protocol = own === 'any' && ruleProtocol !== undefined ? protocolName(ruleProtocol) : own;
  return { protocol, ports, path: itemPath, serviceName: name };
}

function portsAt(list: NonNullable<Service['ports']>, path: (string | number)[]): PortAt[] {
  const result: PortAt[] = [];
  for (const item of itemsAt(list, path)) {
    const parsed = parsePort(item.value);
    if (parsed.ok) result.push({ range: parsed.range, path: item.path });
  }
  return result;
}
