/**
 * netplan YAML (version 2) as canonical routing documents: interfaces of every device type
 * with their `addresses`, `mtu` and `routes` (`to`, `via`, `on-link`, `metric`, `table`,
 * `from`, `type`), plus the deprecated `gateway4` and `gateway6` as default routes.
 */
import type { DataPath, Finding, LoadedDocument } from '../model.js';
import { parseYaml } from '../load/source.js';
import type { Interface, Route, Routing } from '../types/routing.js';
import { parsePrefix } from '../util/ip.js';
import { closestMatch } from '../util/text.js';
import type { ParseContext, ParseOutput, SourceFormat } from './format.js';
import { normaliseDestination } from './iproute.js';
import { loadFinding, lookupTable, NATIVE_CHECKS, TranslatedLocator } from './located.js';

type JsonObject = Record<string, unknown>;

/** Device types under `network:` that hold interfaces. */
const deviceTypes = ['ethernets', 'bonds', 'bridges', 'vlans', 'wifis', 'tunnels', 'vrfs', 'modems', 'dummy-devices', 'virtual-ethernets'];

/** Route keys netplan defines; the model keeps the ones rules use. */
const routeFields: Record<string, string> = lookupTable({ to: 'destination', via: 'via', 'on-link': 'onLink', metric: 'metric', table: 'table', from: 'source', type: 'type' });
const otherRouteKeys = new Set(['scope', 'mtu', 'congestion-window', 'advertised-receive-window']);
const routeTypes = new Set(['unicast', 'blackhole', 'unreachable', 'prohibit']);

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

class NetplanMapper {
  readonly findings: Finding[] = [];
  readonly data: Routing = { kind: 'routing' };
  /** Source path of each model path, keyed by the model path joined with `/`. */
  private readonly origins = new Map<string, DataPath>();

  constructor(
    private readonly context: ParseContext,
    private readonly locate: (path: DataPath) => ReturnType<LoadedDocument['locator']['locate']>,
  ) {}

  map(network: JsonObject): void {
    for (const type of deviceTypes) {
      const devices = network[type];
      if (!isObject(devices)) continue;
      for (const [name, device] of Object.entries(devices)) {
        if (isObject(device)) this.device(['network', type, name], name, device);
      }
    }
  }

  private device(path: DataPath, name: string, device: JsonObject): void {
    const index = this.data.interfaces?.length ?? 0;
    const item: Interface = { name };
    this.origin(['interfaces', index], path);
    this.origin(['interfaces', index, 'name'], path);
    const addresses = this.addresses([...path, 'addresses'], device.addresses);
    if (addresses.length > 0) {
      item.addresses = addresses;
      this.origin(['interfaces', index, 'addresses'], [...path, 'addresses']);
      addresses.forEach((_, at) => this.origin(['interfaces', index, 'addresses', at], [...path, 'addresses', at]));
    }
    if (typeof device.mtu === 'number') {
      item.mtu = device.mtu;
      this.origin(['interfaces', index, 'mtu'], [...path, 'mtu']);
    }
    (this.data.interfaces ??= []).push(item);
    for (const key of ['gateway4', 'gateway6'] as const) {
      if (typeof device[key] === 'string') this.gateway([...path, key], name, device[key] as string, key === 'gateway6' ? 6 : 4);
    }
    if (device.routes !== undefined && !Array.isArray(device.routes)) {
      this.error([...path, 'routes'], '`routes` must be a list', 'Write each route as a list item starting with `- to:`.');
      return;
    }
    (device.routes as unknown[] | undefined)?.forEach((route, at) => this.route([...path, 'routes', at], name, route));
  }

  private addresses(path: DataPath, value: unknown): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.error(path, '`addresses` must be a list', 'Write each address as a list item, such as `- 192.0.2.10/24`.');
      return [];
    }
    const result: string[] = [];
    value.forEach((entry, index) => {
      // An address may carry options as a one-key mapping: `- 192.0.2.10/24: { lifetime: 0 }`.
      const text = isObject(entry) && Object.keys(entry).length === 1 ? Object.keys(entry)[0] : entry;
      if (typeof text !== 'string' || !text.includes('/') || !parsePrefix(text)) {
        this.error([...path, index], `invalid address \`${String(text)}\`: netplan needs an address with a prefix length`, 'Write the address in CIDR notation, such as `192.0.2.10/24`.');
        return;
      }
      result.push(text);
    });
    return result;
  }

  private gateway(path: DataPath, dev: string, via: string, family: 4 | 6): void {
    const index = this.data.routes?.length ?? 0;
    (this.data.routes ??= []).push({ destination: family === 6 ? '::/0' : '0.0.0.0/0', via, dev });
    this.origin(['routes', index], path);
  }

  private route(path: DataPath, dev: string, value: unknown): void {
    if (!isObject(value)) {
      this.error(path, 'a route must be a mapping with `to` and usually `via`', 'Write the route as `- to: 198.51.100.0/24` with `via:` on the next line.');
      return;
    }
    const to = value.to;
    const via = value.via;
    const family = parsePrefix(typeof via === 'string' ? via : '')?.version ?? parsePrefix(typeof to === 'string' ? to : '')?.version;
    if (typeof to !== 'string' || (to !== 'default' && !parsePrefix(to))) {
      this.error(to === undefined ? path : [...path, 'to'], to === undefined ? 'route has no `to`' : `invalid route destination \`${String(to)}\``, 'Set `to:` to a prefix such as `198.51.100.0/24`, or `default`.');
      return;
    }
    if (via !== undefined && (typeof via !== 'string' || !parsePrefix(via) || via.includes('/'))) {
      this.error([...path, 'via'], `invalid gateway \`${String(via)}\``, 'Set `via:` to a single IPv4 or IPv6 address.');
      return;
    }
    // `ip route add` rejects a destination with host bits set, so such a spelling is kept as
    // written for route-host-bits-set instead of being turned into its network.
    const destination = parsePrefix(String(to))?.hostBitsSet ? String(to).trim() : normaliseDestination(to, family);
    const route: Route = { destination, dev };
    if (typeof via === 'string') route.via = via;
    if (value['on-link'] === true) route.onLink = true;
    if (typeof value.metric === 'number') route.metric = value.metric;
    if (typeof value.table === 'number') route.table = value.table;
    if (typeof value.from === 'string') route.source = value.from;
    if (typeof value.type === 'string' && routeTypes.has(value.type) && value.type !== 'unicast') route.type = value.type as Route['type'];
    const index = this.data.routes?.length ?? 0;
    (this.data.routes ??= []).push(route);
    this.origin(['routes', index], path);
    this.origin(['routes', index, 'dev'], path.slice(0, 3));
    for (const [key, field] of Object.entries(routeFields)) {
      if (key in value) this.origin(['routes', index, field], [...path, key]);
    }
    for (const key of Object.keys(value)) {
      if (!(key in routeFields) && !otherRouteKeys.has(key)) {
        // netplan generate fails on a key it does not know, so the file would not apply.
        const closest = closestMatch(key, [...Object.keys(routeFields), ...otherRouteKeys]);
        const fix = closest
          ? `Did you mean \`${closest}\`? netplan rejects keys it does not know.`
          : 'Check the key against the netplan reference; netplan rejects keys it does not know.';
        this.error([...path, key], `unknown route key \`${key}\``, fix);
      }
    }
  }

  private origin(modelPath: DataPath, sourcePath: DataPath): void {
    this.origins.set(modelPath.join('/'), sourcePath);
  }

  /** Returns the source path of a model path, or of its nearest mapped ancestor. */
  sourcePath(path: DataPath): DataPath {
    for (let length = path.length; length > 0; length -= 1) {
      const found = this.origins.get(path.slice(0, length).join('/'));
      if (found) return found;
    }
    return ['network'];
  }

  private error(path: DataPath, message: string, fix: string): void {
    this.findings.push(loadFinding(this.context.file, this.locate(path), message, fix));
  }
}

/** Parses a netplan YAML file into one routing document. */
export function parseNetplan(text: string, context: ParseContext): ParseOutput {
  const parsed = parseYaml(text);
  const findings: Finding[] = parsed.problems.map((problem) =>
    loadFinding(context.file, problem.range, `invalid YAML: ${problem.message}`, 'Correct the YAML syntax at this line.'),
  );
  const source = parsed.documents[0];
  if (!source) return { documents: [], findings };
  const root = source.data;
  const network = isObject(root) ? root.network : undefined;
  if (!isObject(network)) {
    findings.push(loadFinding(context.file, source.locator.locate([]), 'netplan file has no `network:` mapping', 'Put the configuration under a top-level `network:` key with `version: 2`.'));
    return { documents: [], findings };
  }
  const mapper = new NetplanMapper(context, (path) => source.locator.locate(path));
  mapper.map(network);
  findings.push(...mapper.findings);
  const locator = new TranslatedLocator(source.locator, (path) => mapper.sourcePath(path));
  const document: LoadedDocument = { kind: 'routing', file: context.file, format: 'netplan', index: 0, data: mapper.data, locator };
  return { documents: [document], findings };
}

/** netplan YAML: a `.yaml` file whose top-level key is `network:`. */
export const netplanFormat: SourceFormat = {
  name: 'netplan',
  claimsName: (path) => /\.ya?ml$/i.test(path),
  claimsContent: (head) => /^network:\s*(#.*)?$/m.test(head) && !/^kind:/m.test(head),
  parse: parseNetplan,
};
