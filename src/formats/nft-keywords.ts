/**
 * Words the nft scanner always reads as keywords, so none of them can name a table, chain or
 * set, quoted or not. nft 1.0.6 rejects `chain fwd {` with "syntax error, unexpected fwd,
 * expecting string". The list holds the keywords of the nftables scanner (src/scanner.l of a
 * release after 1.0.6) that `nft -c -f` of nftables 1.0.6 rejected as chain, set and table names.
 * NOTE: a keyword that only older scanners have is missing. Newer releases move keywords into
 * scanner start conditions, where they are names again, so they accept some of these names.
 */
export const NFT_KEYWORDS: ReadonlySet<string> = new Set([
  'accept', 'add', 'ah', 'all', 'and', 'arp', 'auto-merge', 'bridge', 'cgroup', 'chain', 'comment', 'comp', 'constant', 'continue',
  'counter', 'cpu', 'create', 'ct', 'day', 'dccp', 'define', 'delete', 'describe', 'device', 'devices', 'dnat', 'drop', 'dst', 'dup', 'dynamic',
  'ecn', 'element', 'elements', 'eq', 'esp', 'ether', 'exists', 'expires', 'export', 'exthdr', 'fib', 'flags', 'flow', 'flowtable', 'flush',
  'frag', 'fwd', 'gc-interval', 'ge', 'get', 'goto', 'gt', 'handle', 'hbh', 'hook', 'hour', 'ibriport', 'ibrname', 'icmp', 'icmpv6', 'igmp', 'iif',
  'iifgroup', 'iifname', 'iiftype', 'import', 'include', 'index', 'inet', 'insert', 'interval', 'ip', 'ip6', 'ipsec', 'jhash', 'jump', 'le',
  'limit', 'list', 'log', 'lshift', 'lt', 'map', 'mark', 'masquerade', 'meta', 'meter', 'mh', 'missing', 'monitor', 'ne', 'netdev', 'nftrace',
  'not', 'notrack', 'numgen', 'obriport', 'obrname', 'offload', 'oif', 'oifgroup', 'oifname', 'oiftype', 'or', 'osf', 'pkttype', 'policy',
  'position', 'priority', 'queue', 'quota', 'random', 'redefine', 'redirect', 'reject', 'rename', 'replace', 'reset', 'return',
  'rshift', 'rt', 'rt0', 'rt2', 'rtclassid', 'rule', 'ruleset', 'sctp', 'secmark', 'set', 'size', 'skgid', 'skuid', 'snat', 'socket', 'srh',
  'symhash', 'synproxy', 'table', 'tcp', 'th', 'time', 'timeout', 'tproxy', 'type', 'typeof', 'udp', 'udplite', 'undefine', 'update', 'vlan',
  'vmap', 'xor', 'xt',
]);
