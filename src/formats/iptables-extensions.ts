/**
 * Match and target extensions the iptables parser accepts, with their options and the number
 * of arguments each takes, as iptables-extensions(8) of iptables 1.8.9 lists them.
 */

import { lookupTable } from './located.js';

/** Options of one extension: name to argument count; `undefined` options mean "any option". */
export interface ExtensionSpec {
  options?: Record<string, number>;
}

const portOptions = { '--sport': 1, '--source-port': 1, '--dport': 1, '--destination-port': 1 };

/**
 * Match extensions shipped with iptables 1.8.9. An extension without an option list takes
 * any `--option`, each with the values that follow it up to the next option.
 */
export const MATCH_EXTENSIONS: Record<string, ExtensionSpec> = lookupTable<ExtensionSpec>({
  tcp: { options: { ...portOptions, '--tcp-flags': 2, '--syn': 0, '--tcp-option': 1 } },
  udp: { options: { ...portOptions } },
  udplite: {},
  sctp: {},
  dccp: {},
  icmp: { options: { '--icmp-type': 1 } },
  icmp6: { options: { '--icmpv6-type': 1 } },
  multiport: {
    options: {
      '--sports': 1,
      '--source-ports': 1,
      '--dports': 1,
      '--destination-ports': 1,
      '--ports': 1,
    },
  },
  state: { options: { '--state': 1 } },
  conntrack: {
    options: {
      '--ctstate': 1,
      '--ctproto': 1,
      '--ctorigsrc': 1,
      '--ctorigdst': 1,
      '--ctreplsrc': 1,
      '--ctrepldst': 1,
      '--ctorigsrcport': 1,
      '--ctorigdstport': 1,
      '--ctreplsrcport': 1,
      '--ctrepldstport': 1,
      '--ctstatus': 1,
      '--ctexpire': 1,
      '--ctdir': 1,
    },
  },
  comment: { options: { '--comment': 1 } },
  set: {
    options: {
      '--match-set': 2,
      '--return-nomatch': 0,
      '--update-counters': 0,
      '--update-subcounters': 0,
      '--packets-eq': 1,
      '--packets-lt': 1,
      '--packets-gt': 1,
      '--bytes-eq': 1,
      '--bytes-lt': 1,
      '--bytes-gt': 1,
    },
  },
  iprange: { options: { '--src-range': 1, '--dst-range': 1 } },
  limit: { options: { '--limit': 1, '--limit-burst': 1 } },
  mac: { options: { '--mac-source': 1 } },
  mark: { options: { '--mark': 1 } },
  addrtype: { options: { '--src-type': 1, '--dst-type': 1, '--limit-iface-in': 0, '--limit-iface-out': 0 } },
  recent: {
    options: {
      '--name': 1,
      '--set': 0,
      '--rcheck': 0,
      '--update': 0,
      '--remove': 0,
      '--seconds': 1,
      '--reap': 0,
      '--hitcount': 1,
      '--rttl': 0,
      '--rsource': 0,
      '--rdest': 0,
      '--mask': 1,
    },
  },
  connlimit: {
    options: {
      '--connlimit-upto': 1,
      '--connlimit-above': 1,
      '--connlimit-mask': 1,
      '--connlimit-saddr': 0,
      '--connlimit-daddr': 0,
    },
  },
  hashlimit: {},
  length: { options: { '--length': 1 } },
  ttl: { options: { '--ttl-eq': 1, '--ttl-gt': 1, '--ttl-lt': 1 } },
  hl: { options: { '--hl-eq': 1, '--hl-gt': 1, '--hl-lt': 1 } },
  tos: {},
  dscp: {},
  ecn: {},
  owner: {},
  physdev: {},
  pkttype: { options: { '--pkt-type': 1 } },
  string: {},
  time: {},
  u32: {},
  statistic: {},
  quota: {},
  connmark: { options: { '--mark': 1 } },
  connbytes: {},
  connlabel: {},
  helper: { options: { '--helper': 1 } },
  policy: {},
  rpfilter: {},
  socket: {},
  devgroup: {},
  cgroup: {},
  bpf: {},
  esp: {},
  ah: {},
  frag: {},
  ipv6header: {},
  hbh: {},
  dst: {},
  rt: {},
  mh: {},
  eui64: {},
  realm: {},
  cluster: {},
  cpu: {},
  ipvs: {},
  nfacct: {},
  osf: {},
  rateest: {},
  tcpmss: {},
  ipcomp: {},
  l2tp: {},
});

/** Targets that decide the packet without options: iptables' built-in verdicts. */
export const VERDICT_TARGETS: Record<string, 'accept' | 'drop' | 'return'> = lookupTable({
  ACCEPT: 'accept',
  DROP: 'drop',
  RETURN: 'return',
});

/** Effect of a target extension: a verdict, or going on with the next rule. */
export type TargetKind = 'reject' | 'log' | 'continue' | 'extension';

/** A target extension: its kind, its options, and the tables it is valid in (all when absent). */
export interface TargetSpec extends ExtensionSpec {
  kind: TargetKind;
  tables?: readonly string[];
}

const natOnly = ['nat'] as const;

/** Target extensions shipped with iptables 1.8.9, by the name `-j` takes. */
export const TARGET_EXTENSIONS: Record<string, TargetSpec> = lookupTable<TargetSpec>({
  REJECT: { kind: 'reject', options: { '--reject-with': 1 } },
  LOG: {
    kind: 'log',
    options: {
      '--log-prefix': 1,
      '--log-level': 1,
      '--log-tcp-sequence': 0,
      '--log-tcp-options': 0,
      '--log-ip-options': 0,
      '--log-uid': 0,
      '--log-macdecode': 0,
    },
  },
  NFLOG: {
    kind: 'log',
    options: {
      '--nflog-group': 1,
      '--nflog-prefix': 1,
      '--nflog-range': 1,
      '--nflog-size': 1,
      '--nflog-threshold': 1,
    },
  },
  ULOG: { kind: 'log' },
  DNAT: { kind: 'extension', tables: natOnly, options: { '--to-destination': 1, '--random': 0, '--persistent': 0, '--random-fully': 0 } },
  SNAT: { kind: 'extension', tables: natOnly, options: { '--to-source': 1, '--random': 0, '--persistent': 0, '--random-fully': 0 } },
  MASQUERADE: { kind: 'extension', tables: natOnly, options: { '--to-ports': 1, '--random': 0, '--random-fully': 0 } },
  REDIRECT: { kind: 'extension', tables: natOnly, options: { '--to-ports': 1, '--random': 0 } },
  NETMAP: { kind: 'extension', tables: natOnly, options: { '--to': 1 } },
  QUEUE: { kind: 'extension', options: {} },
  NFQUEUE: { kind: 'extension' },
  TPROXY: { kind: 'extension', tables: ['mangle'] },
  SYNPROXY: { kind: 'extension' },
  MARK: { kind: 'continue' },
  CONNMARK: { kind: 'continue' },
  CONNSECMARK: { kind: 'continue' },
  SECMARK: { kind: 'continue' },
  CT: { kind: 'continue', tables: ['raw'] },
  NOTRACK: { kind: 'continue', tables: ['raw'], options: {} },
  TRACE: { kind: 'continue', tables: ['raw'], options: {} },
  TCPMSS: { kind: 'continue' },
  TCPOPTSTRIP: { kind: 'continue' },
  DSCP: { kind: 'continue' },
  TOS: { kind: 'continue' },
  TTL: { kind: 'continue' },
  HL: { kind: 'continue' },
  ECN: { kind: 'continue' },
  CLASSIFY: { kind: 'continue' },
  CHECKSUM: { kind: 'continue' },
  AUDIT: { kind: 'continue' },
  IDLETIMER: { kind: 'continue' },
  LED: { kind: 'continue' },
  RATEEST: { kind: 'continue' },
  SET: { kind: 'continue' },
  TEE: { kind: 'continue' },
  HMARK: { kind: 'continue' },
  CLUSTERIP: { kind: 'continue' },
});

/** Built-in chains of each table and the netfilter hook each is attached to. */
export const TABLE_CHAINS: Record<string, Record<string, 'input' | 'forward' | 'output' | 'prerouting' | 'postrouting'>> = lookupTable({
  filter: lookupTable({ INPUT: 'input', FORWARD: 'forward', OUTPUT: 'output' }),
  nat: lookupTable({ PREROUTING: 'prerouting', INPUT: 'input', OUTPUT: 'output', POSTROUTING: 'postrouting' }),
  mangle: lookupTable({ PREROUTING: 'prerouting', INPUT: 'input', FORWARD: 'forward', OUTPUT: 'output', POSTROUTING: 'postrouting' }),
  raw: lookupTable({ PREROUTING: 'prerouting', OUTPUT: 'output' }),
  security: lookupTable({ INPUT: 'input', FORWARD: 'forward', OUTPUT: 'output' }),
});

/** Protocol numbers that iptables prints by name (from /etc/protocols of Debian 12). */
export const PROTOCOL_NAMES: Record<string, string> = lookupTable({
  '1': 'icmp',
  '2': 'igmp',
  '4': 'ipip',
  '6': 'tcp',
  '17': 'udp',
  '33': 'dccp',
  '41': 'ipv6',
  '47': 'gre',
  '50': 'esp',
  '51': 'ah',
  '58': 'icmpv6',
  '89': 'ospf',
  '112': 'vrrp',
  '132': 'sctp',
  '136': 'udplite',
});

/** Spellings of a protocol that mean the same protocol, mapped to the schema's name. */
export const PROTOCOL_ALIASES: Record<string, string> = lookupTable({
  'ipv6-icmp': 'icmpv6',
  'icmp6': 'icmpv6',
  'ipencap': 'ipip',
  'all': 'any',
  '0': 'any',
});

/** ICMP type names that iptables accepts (`iptables -p icmp -h`), with their type numbers. */
export const ICMP_TYPES: Record<string, string> = lookupTable({
  'echo-reply': '0',
  pong: '0',
  'destination-unreachable': '3',
  'network-unreachable': '3/0',
  'host-unreachable': '3/1',
  'protocol-unreachable': '3/2',
  'port-unreachable': '3/3',
  'fragmentation-needed': '3/4',
  'source-route-failed': '3/5',
  'network-unknown': '3/6',
  'host-unknown': '3/7',
  'network-prohibited': '3/9',
  'host-prohibited': '3/10',
  'TOS-network-unreachable': '3/11',
  'TOS-host-unreachable': '3/12',
  'communication-prohibited': '3/13',
  'host-precedence-violation': '3/14',
  'precedence-cutoff': '3/15',
  'source-quench': '4',
  redirect: '5',
  'echo-request': '8',
  ping: '8',
  'router-advertisement': '9',
  'router-solicitation': '10',
  'time-exceeded': '11',
  'ttl-exceeded': '11',
  'parameter-problem': '12',
  'timestamp-request': '13',
  'timestamp-reply': '14',
  'address-mask-request': '17',
  'address-mask-reply': '18',
});

/** ICMPv6 type names that ip6tables accepts (`ip6tables -p icmpv6 -h`), with their numbers. */
export const ICMPV6_TYPES: Record<string, string> = lookupTable({
  'destination-unreachable': '1',
  'packet-too-big': '2',
  'time-exceeded': '3',
  'ttl-exceeded': '3',
  'parameter-problem': '4',
  'echo-request': '128',
  ping: '128',
  'echo-reply': '129',
  pong: '129',
  'router-solicitation': '133',
  'router-advertisement': '134',
  'neighbour-solicitation': '135',
  'neighbor-solicitation': '135',
  'neighbour-advertisement': '136',
  'neighbor-advertisement': '136',
  redirect: '137',
});

/**
 * Service names iptables and nft resolve through /etc/services, for the ports found in real
 * rulesets. Numbers as in the /etc/services of Debian 12 (netbase 6.4).
 */
export const SERVICE_PORTS: Record<string, number> = lookupTable({
  ftp: 21,
  ssh: 22,
  telnet: 23,
  smtp: 25,
  domain: 53,
  bootps: 67,
  bootpc: 68,
  tftp: 69,
  http: 80,
  www: 80,
  pop3: 110,
  sunrpc: 111,
  ntp: 123,
  imap: 143,
  snmp: 161,
  ldap: 389,
  https: 443,
  smtps: 465,
  submission: 587,
  ldaps: 636,
  imaps: 993,
  pop3s: 995,
  mysql: 3306,
  postgresql: 5432,
  kerberos: 88,
  bgp: 179,
  'microsoft-ds': 445,
  isakmp: 500,
  syslog: 514,
  'dhcpv6-client': 546,
  'dhcpv6-server': 547,
  ipp: 631,
  rsync: 873,
  openvpn: 1194,
  'ms-wbt-server': 3389,
  'ipsec-nat-t': 4500,
  mdns: 5353,
  'http-alt': 8080,
});

/** Connection tracking states that `--state` and `--ctstate` take. */
export const CONNTRACK_STATES = new Set(['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'UNTRACKED']);

/** States that only `--ctstate` takes; the schema's `state` cannot hold them. */
export const CTSTATE_ONLY = new Set(['SNAT', 'DNAT']);

/** The kernel's limit on port slots in one multiport match; a range takes two (xt_multiport.h). */
export const MULTIPORT_MAX_SLOTS = 15;

/** Maximum length of a chain name, 28 characters (iptables-legacy-restore 1.8.9 rejects 29). */
export const MAX_CHAIN_NAME = 28;
