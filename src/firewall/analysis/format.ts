/** Text forms of packets and flow classes for findings and reports. */
import { PORT_PROTOCOLS, PROTOCOL_NUMBERS } from './compile.js';
import type { FlowClass } from './diff.js';
import { ADDRESS_MAX, FIELD_MAX, IPV6_OFFSET, STATES, type Interval } from './model.js';
import { formatAxisAddress, type Packet } from './space.js';

const protocolNames = new Map<number, string>();
for (const [name, number] of Object.entries(PROTOCOL_NUMBERS)) {
  if (!protocolNames.has(number)) protocolNames.set(number, name);
}

/** Names a protocol number (`tcp`), or returns the number as text. */
export function protocolName(protocol: number): string {
  return protocolNames.get(protocol) ?? String(protocol);
}

/**
 * Formats a packet on one line, such as `tcp 0.0.0.0:0 -> 0.0.0.0:22 state new`. Interfaces
 * appear only when the packet's interface is a listed name.
 */
export function formatPacket(packet: Packet): string {
  // A protocol without a name prints as `proto 0`, so that the number does not read as an address.
  const name = protocolNames.get(packet.protocol) ?? `proto ${packet.protocol}`;
  const hasPorts = PORT_PROTOCOLS.includes(packet.protocol);
  const source = hasPorts ? `${bracket(packet.source)}:${packet.sourcePort}` : packet.source;
  const destination = hasPorts ? `${bracket(packet.destination)}:${packet.destinationPort}` : packet.destination;
  const parts = [`${name} ${source} -> ${destination}`];
  if (packet.protocol === 1 || packet.protocol === 58) parts.push(`type ${packet.icmpType}`);
  parts.push(`state ${packet.state}`);
  if (!packet.inInterface.includes('(unlisted)')) parts.push(`in ${packet.inInterface}`);
  if (!packet.outInterface.includes('(unlisted)')) parts.push(`out ${packet.outInterface}`);
  return parts.join(' ');
}

function bracket(address: string): string {
  return address.includes(':') ? `[${address}]` : address;
}

/** Formats address-axis intervals as prefixes and ranges, `any` for the whole axis. */
export function formatAddressSet(intervals: Interval[]): string {
  if (intervals.length === 1 && intervals[0]![0] === 0n && intervals[0]![1] === ADDRESS_MAX) return 'any';
  return intervals.flatMap(([first, last]) => splitFamilies(first, last).map(([a, b]) => formatAddressRange(a, b))).join(', ');
}

function splitFamilies(first: bigint, last: bigint): Interval[] {
  if (first < IPV6_OFFSET && last >= IPV6_OFFSET) return [[first, IPV6_OFFSET - 1n], [IPV6_OFFSET, last]];
  return [[first, last]];
}

function formatAddressRange(first: bigint, last: bigint): string {
  const offset = first >= IPV6_OFFSET ? IPV6_OFFSET : 0n;
  const width = offset === 0n ? 32 : 128;
  const size = last - first + 1n;
  // A block whose size is a power of two and whose start is aligned to it is a prefix.
  if ((size & (size - 1n)) === 0n && ((first - offset) & (size - 1n)) === 0n) {
    const length = width - (size.toString(2).length - 1);
    return `${formatAxisAddress(first)}/${length}`;
  }
  return `${formatAxisAddress(first)}-${formatAxisAddress(last)}`;
}

/** Formats port or number intervals (`22, 1024-65535`); `any` for the whole range of `max`. */
export function formatNumberSet(intervals: Interval[], max: bigint = FIELD_MAX.destinationPort): string {
  if (intervals.length === 1 && intervals[0]![0] === 0n && intervals[0]![1] === max) return 'any';
  return intervals.map(([first, last]) => (first === last ? String(first) : `${first}-${last}`)).join(', ');
}

/** Formats a flow class on one line: protocol, addresses, ports and ICMP types. */
export function formatFlowClass(flow: FlowClass): string {
  const protocols = formatProtocols(flow.protocol);
  const parts = [`${protocols} from ${formatAddressSet(flow.source)} to ${formatAddressSet(flow.destination)}`];
  const destinationPorts = formatNumberSet(flow.destinationPort);
  if (destinationPorts !== 'any') parts.push(`port ${destinationPorts}`);
  const sourcePorts = formatNumberSet(flow.sourcePort);
  if (sourcePorts !== 'any') parts.push(`source port ${sourcePorts}`);
  const icmpTypes = formatNumberSet(flow.icmpType, FIELD_MAX.icmpType);
  if (icmpTypes !== 'any') parts.push(`type ${icmpTypes}`);
  const states = formatNumberSet(flow.state, FIELD_MAX.state);
  if (states !== 'any') {
    const names = flow.state.flatMap(([first, last]) => STATES.slice(Number(first), Number(last) + 1));
    parts.push(`state ${names.join(', ')}`);
  }
  if (flow.inInterface !== 'any') parts.push(`in ${describeInterfaces(flow.inInterface, flow.interfaceNames.inInterface)}`);
  if (flow.outInterface !== 'any') parts.push(`out ${describeInterfaces(flow.outInterface, flow.interfaceNames.outInterface)}`);
  return parts.join(' ') + (flow.exact ? '' : ' (in part)');
}

const UNLISTED = '(unlisted)';
const UNLISTED_SUFFIX = `+ ${UNLISTED}`;

/**
 * Describes the interfaces of a class, such as `eth0`, `eth+` or `any interface except lo`.
 * `names` are those the class takes, and `all` every one of the comparison, as `PacketSpace`
 * lists them: a name a rule gives, `eth+ (unlisted)` for the `eth` names no rule gives, and
 * `(unlisted)` for the names no rule matches. A pattern whose names are all in the class is
 * written as the pattern, and one whose unlisted names are in the class as the pattern with
 * the names it leaves out.
 */
export function describeInterfaces(names: readonly string[], all: readonly string[]): string {
  const taken = new Set(names);
  // Each unlisted entry stands for a prefix pattern: `(unlisted)` for the empty prefix.
  const prefixOf = (name: string): string | undefined => {
    if (name === UNLISTED) return '';
    return name.endsWith(UNLISTED_SUFFIX) ? name.slice(0, -UNLISTED_SUFFIX.length) : undefined;
  };
  const keyOf = (name: string): string => prefixOf(name) ?? name;
  const prefixes = all.map(prefixOf).filter((prefix): prefix is string => prefix !== undefined);
  // The pattern an entry belongs to directly: the longest other prefix its name starts with.
  const parentOf = (name: string): string | undefined => {
    const key = keyOf(name);
    const own = prefixOf(name);
    return prefixes.filter((prefix) => prefix !== own && key.startsWith(prefix)).sort((left, right) => right.length - left.length)[0];
  };
  const label = (prefix: string): string => (prefix === '' ? 'any interface' : `${prefix}+`);
  const describe = (prefix: string, set: Set<string>): string[] => {
    const under = all.filter((name) => keyOf(name).startsWith(prefix));
    if (under.every((name) => set.has(name))) return [label(prefix)];
    const unlisted = all.find((name) => prefixOf(name) === prefix);
    if (unlisted !== undefined && set.has(unlisted)) {
      const left = new Set(under.filter((name) => !set.has(name)));
      return [`${label(prefix)} except ${joinTerms(members(prefix, left), true)}`];
    }
    return members(prefix, set);
  };
  const members = (prefix: string, set: Set<string>): string[] =>
    all
      .filter((name) => parentOf(name) === prefix)
      .flatMap((name) => {
        const own = prefixOf(name);
        if (own !== undefined) return describe(own, set);
        return set.has(name) ? [name] : [];
      });
  return joinTerms(describe('', taken));
}

/** Joins terms with commas, bracketing a term with its own `except` where it could be misread. */
function joinTerms(terms: string[], inExceptList = false): string {
  const bracket = inExceptList || terms.length > 1;
  return terms.map((term) => (bracket && term.includes(' except ') ? `(${term})` : term)).join(', ');
}

/**
 * Formats protocol intervals: `any protocol`, names of a few (`tcp, udp`), `any protocol except
 * tcp` when a few are left out of the rest, and numbers for wide ranges (`7-255`).
 */
function formatProtocols(intervals: Interval[]): string {
  const count = intervals.reduce((total, [first, last]) => total + (last - first + 1n), 0n);
  if (count === 256n) return 'any protocol';
  const missing: number[] = [];
  let next = 0n;
  for (const [first, last] of [...intervals, [256n, 256n] as Interval]) {
    for (let value = next; value < first && missing.length <= 4; value += 1n) missing.push(Number(value));
    next = last + 1n;
  }
  if (count > 16n && missing.length <= 4) return `any protocol except ${missing.map((number) => protocolName(number)).join(', ')}`;
  return intervals.flatMap(([first, last]) => (last - first > 16n ? [`${first}-${last}`] : rangeNumbers(first, last).map((number) => protocolName(number)))).join(', ');
}

function rangeNumbers(first: bigint, last: bigint): number[] {
  const numbers: number[] = [];
  for (let value = first; value <= last; value += 1n) numbers.push(Number(value));
  return numbers;
}
