/**
 * Reject replies. iptables and nft both send ICMP (or ICMPv6) port unreachable unless a rule
 * names another reply (the REJECT section of iptables-extensions(8), and the nftables wiki page
 * "Rejecting traffic"). A plain reject and one that names port unreachable are therefore the
 * same verdict, `reject`. Any other reply becomes part of the verdict, such as
 * `reject with tcp reset`.
 *
 * Kinds are named as nft writes them. Each of the four replies of nft's `icmpx` type stands for
 * one ICMP and one ICMPv6 code (Linux net/netfilter/nft_reject.c). `no-route` is ICMP
 * net-unreachable and ICMPv6 no-route, `host-unreachable` is ICMP host-unreachable and ICMPv6
 * addr-unreachable, and `admin-prohibited` is code 13 of ICMP and code 1 of ICMPv6. The
 * iptables and nft spellings of these codes become the `icmpx` kind, so an iptables rule and an
 * nft `inet` rule that send the same packet are equal.
 */
import type { Verdict } from './model.js';

/** iptables `--reject-with` values and their aliases (libipt_REJECT.c, libip6t_REJECT.c). */
const IPTABLES_KINDS: Record<string, string | undefined> = {
  'icmp-port-unreachable': undefined,
  'port-unreach': undefined,
  'icmp6-port-unreachable': undefined,
  'icmp-net-unreachable': 'icmpx no-route',
  'net-unreach': 'icmpx no-route',
  'icmp6-no-route': 'icmpx no-route',
  'no-route': 'icmpx no-route',
  'icmp-host-unreachable': 'icmpx host-unreachable',
  'host-unreach': 'icmpx host-unreachable',
  'icmp6-addr-unreachable': 'icmpx host-unreachable',
  'addr-unreach': 'icmpx host-unreachable',
  'icmp-admin-prohibited': 'icmpx admin-prohibited',
  'admin-prohib': 'icmpx admin-prohibited',
  'icmp6-adm-prohibited': 'icmpx admin-prohibited',
  'adm-prohibited': 'icmpx admin-prohibited',
  'icmp-proto-unreachable': 'icmp prot-unreachable',
  'proto-unreach': 'icmp prot-unreachable',
  'icmp-net-prohibited': 'icmp net-prohibited',
  'net-prohib': 'icmp net-prohibited',
  'icmp-host-prohibited': 'icmp host-prohibited',
  'host-prohib': 'icmp host-prohibited',
  'icmp6-policy-fail': 'icmpv6 policy-fail',
  'policy-fail': 'icmpv6 policy-fail',
  'icmp6-reject-route': 'icmpv6 reject-route',
  'reject-route': 'icmpv6 reject-route',
  'tcp-reset': 'tcp reset',
  'tcp-rst': 'tcp reset',
};

/** nft ICMP code names, and code numbers (RFC 792, RFC 1122, RFC 1812), as kinds. */
const NFT_ICMP_KINDS: Record<string, string | undefined> = {
  'net-unreachable': 'icmpx no-route',
  '0': 'icmpx no-route',
  'host-unreachable': 'icmpx host-unreachable',
  '1': 'icmpx host-unreachable',
  'prot-unreachable': 'icmp prot-unreachable',
  '2': 'icmp prot-unreachable',
  'port-unreachable': undefined,
  '3': undefined,
  'frag-needed': 'icmp frag-needed',
  '4': 'icmp frag-needed',
  'net-prohibited': 'icmp net-prohibited',
  '9': 'icmp net-prohibited',
  'host-prohibited': 'icmp host-prohibited',
  '10': 'icmp host-prohibited',
  'admin-prohibited': 'icmpx admin-prohibited',
  '13': 'icmpx admin-prohibited',
};

/** nft ICMPv6 code names, and code numbers (RFC 4443), as kinds. */
const NFT_ICMPV6_KINDS: Record<string, string | undefined> = {
  'no-route': 'icmpx no-route',
  '0': 'icmpx no-route',
  'admin-prohibited': 'icmpx admin-prohibited',
  '1': 'icmpx admin-prohibited',
  'addr-unreachable': 'icmpx host-unreachable',
  '3': 'icmpx host-unreachable',
  'port-unreachable': undefined,
  '4': undefined,
  'policy-fail': 'icmpv6 policy-fail',
  '5': 'icmpv6 policy-fail',
  'reject-route': 'icmpv6 reject-route',
  '6': 'icmpv6 reject-route',
};

/** nft `icmpx` code names, and numbers (`enum nft_reject_inet_code` of Linux), as kinds. */
const NFT_ICMPX_KINDS: Record<string, string | undefined> = {
  'no-route': 'icmpx no-route',
  '0': 'icmpx no-route',
  'port-unreachable': undefined,
  '1': undefined,
  'host-unreachable': 'icmpx host-unreachable',
  '2': 'icmpx host-unreachable',
  'admin-prohibited': 'icmpx admin-prohibited',
  '3': 'icmpx admin-prohibited',
};

const NFT_KINDS: Record<string, Record<string, string | undefined>> = {
  icmp: NFT_ICMP_KINDS,
  icmpv6: NFT_ICMPV6_KINDS,
  icmpx: NFT_ICMPX_KINDS,
};

/**
 * Returns what a reject rule sends, such as `tcp reset`, from its target options:
 * `--reject-with VALUE` as the iptables readers keep it, or `reject {"type": ..., "expr": ...}`
 * as the nft readers keep it. Returns undefined for ICMP port unreachable, the default. A value
 * that neither tool documents stays as written, so two such values differ unless equal.
 */
export function rejectKind(targetOptions: readonly string[] | undefined): string | undefined {
  for (const option of targetOptions ?? []) {
    const iptables = /^--reject-with\s+(\S+)$/.exec(option.trim());
    if (iptables) return Object.hasOwn(IPTABLES_KINDS, iptables[1]!) ? IPTABLES_KINDS[iptables[1]!] : iptables[1];
    if (option.startsWith('reject ')) return nftKind(option.slice('reject '.length));
  }
  return undefined;
}

function nftKind(json: string): string | undefined {
  let options: unknown;
  try {
    options = JSON.parse(json);
  } catch {
    return json;
  }
  if (typeof options !== 'object' || options === null) return json;
  const { type, expr } = options as { type?: unknown; expr?: unknown };
  if (type === 'tcp reset') return 'tcp reset';
  const codes = typeof type === 'string' && Object.hasOwn(NFT_KINDS, type) ? NFT_KINDS[type]! : undefined;
  const code = String(expr);
  if (codes && Object.hasOwn(codes, code)) return codes[code];
  return `${String(type)} ${code}`;
}

/** ICMP and ICMPv6 codes of the `icmpx` kinds, for naming what a reject sends in one family. */
const ICMPX_CODES: Record<string, { 4: string; 6: string }> = {
  'no-route': { 4: 'icmp net-unreachable', 6: 'icmpv6 no-route' },
  'host-unreachable': { 4: 'icmp host-unreachable', 6: 'icmpv6 addr-unreachable' },
  'admin-prohibited': { 4: 'icmp admin-prohibited', 6: 'icmpv6 admin-prohibited' },
};

/**
 * Names a verdict for packets of one family, with what a reject sends spelled out, such as
 * `reject with icmp port-unreachable` for a plain reject of IPv4 packets.
 */
export function describeVerdict(verdict: Verdict, family: 4 | 6): string {
  if (verdict === 'reject') return family === 4 ? 'reject with icmp port-unreachable' : 'reject with icmpv6 port-unreachable';
  const icmpx = /^reject with icmpx (.+)$/.exec(verdict);
  const codes = icmpx ? ICMPX_CODES[icmpx[1]!] : undefined;
  return codes ? `reject with ${codes[family]}` : verdict;
}
