import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { checkChange } from '../../src/gate/check.js';
import { TestRepository } from '../helpers/git-repo.js';

const edge = (rules: string, policy = 'drop'): string => `kind: firewall
name: edge-fw1
chains:
  input:
    hook: input
    policy: ${policy}
    rules:
      - { id: established, action: accept, state: [established, related] }
      - { id: loopback, action: accept, inInterface: lo }
${rules}`;

const baseRules = `      - { id: ssh-mgmt, action: accept, protocol: tcp, ports: 22, source: 198.51.100.0/26 }
      - { id: block-scanner, action: drop, source: 203.0.113.66 }
      - { id: web, action: accept, protocol: tcp, ports: [80, 443] }
`;

const iptables = (rules: string): string => `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -i lo -j ACCEPT
${rules}COMMIT
`;

const iptablesRules = `-A INPUT -s 198.51.100.0/26 -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT
`;

/** An nftables JSON ruleset (`nft -j list ruleset`), one object per line. */
const nft = (rules: string[]): string => {
  const objects = [
    '{"table": {"family": "inet", "name": "edge", "handle": 1}}',
    '{"chain": {"family": "inet", "table": "edge", "name": "input", "handle": 2, "type": "filter", "hook": "input", "prio": 0, "policy": "drop"}}',
    '{"rule": {"family": "inet", "table": "edge", "chain": "input", "handle": 3, "expr": [{"match": {"op": "in", "left": {"ct": {"key": "state"}}, "right": ["established", "related"]}}, {"accept": null}]}}',
    ...rules,
  ];
  return `{"nftables": [\n${objects.join(',\n')}\n]}\n`;
};

const nftPort = (handle: number, port: number): string =>
  `{"rule": {"family": "inet", "table": "edge", "chain": "input", "handle": ${handle}, "expr": [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": ${port}}}, {"accept": null}]}}`;

describe('firewall change impact', () => {
  let repo: TestRepository;

  beforeEach(() => {
    repo = new TestRepository();
    repo.write('firewall/edge.yaml', edge(baseRules));
    repo.write('firewall/edge.iptables', iptables(iptablesRules));
    repo.write('firewall/edge.nft.json', nft([nftPort(4, 443)]));
    repo.commit('base');
    repo.git('branch', 'base');
  });

  afterEach(() => repo.remove());

  const impactTexts = async () => (await checkChange({ cwd: repo.root, base: 'base' })).impact.map((item) => [item.change, item.text]);

  it('names SSH opened to the world', async () => {
    repo.write('firewall/edge.yaml', edge(baseRules + '      - { id: ssh-all, action: accept, protocol: tcp, ports: 22 }\n'));
    repo.commit('open ssh');
    const { impact } = await checkChange({ cwd: repo.root, base: 'base' });
    expect(impact.map((item) => [item.change, item.text])).toEqual([
      ['allowed', 'tcp/22 from 0.0.0.0/0 except 198.51.100.0/26,203.0.113.66/32, ::/0 to any is newly allowed by rule `ssh-all` in firewall/edge.yaml:13'],
    ]);
    expect(impact[0]!.file).toBe('firewall/edge.yaml');
    expect(impact[0]!.line).toBe(13);
  });

  it('names the sources a narrowed rule denies', async () => {
    repo.write('firewall/edge.yaml', edge(baseRules.replace('source: 198.51.100.0/26', 'source: 198.51.100.0/28')));
    repo.commit('narrow ssh');
    expect(await impactTexts()).toEqual([
      ['denied', 'tcp/22 from 198.51.100.16/28,198.51.100.32/27 to any is newly denied because rule `ssh-mgmt` (firewall/edge.yaml:10 in the base) no longer matches it'],
    ]);
  });

  it('names traffic a removed deny lets through', async () => {
    repo.write('firewall/edge.yaml', edge(baseRules.replace('      - { id: block-scanner, action: drop, source: 203.0.113.66 }\n', '')));
    repo.commit('unblock the scanner');
    expect(await impactTexts()).toEqual([
      ['allowed', 'tcp/80,443 from 203.0.113.66/32 to any is newly allowed by rule `web` in firewall/edge.yaml:11'],
    ]);
  });

  it('lists nothing for a reorder without effect', async () => {
    const lines = baseRules.split('\n');
    repo.write('firewall/edge.yaml', edge([lines[1], lines[0], lines[2], ''].join('\n')));
    repo.commit('reorder');
    expect(await impactTexts()).toEqual([]);
  });

  it('lists nothing for an iptables re-spelling', async () => {
    repo.write(
      'firewall/edge.iptables',
      iptables(`-A INPUT -p tcp -s 198.51.100.0/26 --dport 22 -j ACCEPT
-A INPUT -p tcp --dport 80 -j ACCEPT
-A INPUT -p tcp --dport 443 -j ACCEPT
`),
    );
    repo.commit('one port per rule');
    expect(await impactTexts()).toEqual([]);
  });

  it('names an iptables rule by its line', async () => {
    repo.write('firewall/edge.iptables', iptables(iptablesRules + '-A INPUT -p tcp -m tcp --dport 3306 -j ACCEPT\n'));
    repo.commit('open mysql');
    const { impact } = await checkChange({ cwd: repo.root, base: 'base' });
    expect(impact.map((item) => item.text)).toEqual(['tcp/3306 from any to any is newly allowed by rule `INPUT[4]` in firewall/edge.iptables:9']);
    expect(impact[0]!.line).toBe(9);
  });

  it('names an nftables rule by its line', async () => {
    repo.write('firewall/edge.nft.json', nft([nftPort(4, 443), nftPort(5, 5432)]));
    repo.commit('open postgres');
    const { impact } = await checkChange({ cwd: repo.root, base: 'base' });
    expect(impact.map((item) => item.text)).toEqual(['tcp/5432 from any to any is newly allowed by rule `inet/edge/input[2]` in firewall/edge.nft.json:6']);
    expect(impact[0]!.line).toBe(6);
  });

  it('caps the list per document', async () => {
    const many = Array.from({ length: 14 }, (_, index) => `      - { id: app${index}, action: accept, protocol: tcp, ports: ${8000 + index}, source: 192.0.2.${index * 16}/28 }\n`).join('');
    repo.write('firewall/edge.yaml', edge(baseRules + many));
    repo.commit('open app ports');
    const texts = (await impactTexts()).map(([, text]) => text);
    expect(texts).toHaveLength(11);
    expect(texts[0]).toBe('tcp/8000 from 192.0.2.0/28 to any is newly allowed by rule `app0` in firewall/edge.yaml:13');
    expect(texts[10]).toBe('and 4 more flow classes');
  });
});
