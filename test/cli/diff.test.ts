/** `driftgate diff` on routing files and usage errors; recorded drift cases are in test/scan. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { main } from '../../src/cli/main.js';
import { packageRoot } from '../../src/paths.js';
import { HAPROXY_CFG, LOADBALANCER_YAML } from '../helpers/drift-fixtures.js';

const fixtures = join(import.meta.dirname, '../fixtures/drift');

let stdout = '';
let stderr = '';

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('driftgate diff routing', () => {
  it('netplan equals ip -j route', async () => {
    expect(await main(['diff', join(fixtures, 'routes-netplan.yaml'), join(fixtures, 'routes-live.json')])).toBe(0);
    expect(stdout).toContain('routing: equivalent');
  });

  it('IPv6 kernel defaults are not drift', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'driftgate-diff-v6-'));
    try {
      writeFileSync(
        join(folder, '01-netcfg.yaml'),
        'network:\n  version: 2\n  ethernets:\n    eth0:\n      addresses: [2001:db8:1::10/64]\n      routes:\n        - to: default\n          via: 2001:db8:1::1\n',
      );
      // What `ip -j -6 route show table all` prints for it: the kernel's metric 1024 on the
      // default route, and the routes the kernel adds for the interface.
      const live = [
        { dst: '2001:db8:1::/64', dev: 'eth0', protocol: 'kernel', metric: 256, flags: [], pref: 'medium' },
        { dst: 'fe80::/64', dev: 'eth0', protocol: 'kernel', metric: 256, flags: [], pref: 'medium' },
        { dst: 'default', gateway: '2001:db8:1::1', dev: 'eth0', protocol: 'static', metric: 1024, flags: [], pref: 'medium' },
      ];
      writeFileSync(join(folder, 'routes-v6.json'), JSON.stringify(live));
      expect(await main(['diff', join(folder, '01-netcfg.yaml'), join(folder, 'routes-v6.json')])).toBe(0);
      expect(stdout).toContain('routing: equivalent');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('changed gateway is reported', async () => {
    expect(await main(['diff', join(fixtures, 'routes-netplan.yaml'), join(fixtures, 'routes-live-drifted.json')])).toBe(1);
    expect(stdout).toContain('main unicast 203.0.113.0/24: expected via 192.0.2.254 dev eth0; actual via 192.0.2.253 dev eth0');
  });
});

describe('driftgate diff firewall', () => {
  it('names the ICMP types of a difference', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'driftgate-diff-icmp-'));
    try {
      const rules = (type: string) => `*filter\n:INPUT DROP [0:0]\n-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type ${type} -j ACCEPT\nCOMMIT\n`;
      writeFileSync(join(folder, 'desired.v6'), rules('echo-request'));
      writeFileSync(join(folder, 'live.v6'), rules('packet-too-big'));
      expect(await main(['diff', join(folder, 'desired.v6'), join(folder, 'live.v6')])).toBe(1);
      expect(stdout).toContain('icmpv6 from ::/0 to ::/0 type 2: expected drop');
      expect(stdout).toContain('icmpv6 from ::/0 to ::/0 type 128: expected accept');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('lists what it could not read beside the result', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'driftgate-diff-warnings-'));
    try {
      const ruleset = (rule: string) => `table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\t${rule}\n\t}\n}\n`;
      writeFileSync(join(folder, 'desired.nft'), ruleset('meta cpu 1 tcp dport 22 accept'));
      writeFileSync(join(folder, 'live.nft'), ruleset('tcp dport 22 accept'));
      expect(await main(['diff', join(folder, 'desired.nft'), join(folder, 'live.nft')], folder)).toBe(1);
      expect(stdout).toContain('  warning: desired.nft:4:3 statement `meta` is not understood');
      stdout = '';
      expect(await main(['diff', '--format', 'json', 'desired.nft', 'live.nft'], folder)).toBe(1);
      expect(JSON.parse(stdout).warnings).toEqual([expect.stringMatching(/^desired\.nft:4:3 statement `meta` is not understood/)]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('names the interfaces a class leaves out', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'driftgate-diff-interfaces-'));
    try {
      const rules = (match: string) => `*filter\n:INPUT DROP [0:0]\n-A INPUT ${match}-p tcp --dport 22 -j ACCEPT\nCOMMIT\n`;
      writeFileSync(join(folder, 'desired.v4'), rules(''));
      writeFileSync(join(folder, 'live.v4'), rules('-i eth0 '));
      expect(await main(['diff', join(folder, 'desired.v4'), join(folder, 'live.v4')])).toBe(1);
      expect(stdout).toContain('port 22 in any interface except eth0: expected accept');
      expect(stdout).not.toContain('unlisted');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  describe('reject replies', () => {
    let folder = '';
    const iptables = (target: string) => `*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 23 -j ${target}\nCOMMIT\n`;
    const nft = (family: string, statement: string) =>
      `table ${family} filter {\n  chain input {\n    type filter hook input priority 0; policy accept;\n    tcp dport 23 ${statement}\n  }\n}\n`;

    beforeEach(() => {
      folder = mkdtempSync(join(tmpdir(), 'driftgate-diff-reject-'));
    });

    afterEach(() => {
      rmSync(folder, { recursive: true, force: true });
    });

    const diff = async (desired: [string, string], live: [string, string]) => {
      writeFileSync(join(folder, desired[0]), desired[1]);
      writeFileSync(join(folder, live[0]), live[1]);
      return main(['diff', join(folder, desired[0]), join(folder, live[0])]);
    };

    it('tcp-reset differs from plain REJECT', async () => {
      expect(await diff(['desired.v4', iptables('REJECT --reject-with tcp-reset')], ['live.v4', iptables('REJECT')])).toBe(1);
      expect(stdout).toContain('1 difference(s)');
      expect(stdout).toContain('port 23: expected reject with tcp reset (rule `-A INPUT -p tcp --dport 23 -j REJECT --reject-with tcp-reset`');
      expect(stdout).toContain('actual reject with icmp port-unreachable (rule `-A INPUT -p tcp --dport 23 -j REJECT`');
    });

    it('nft tcp reset differs in both families', async () => {
      expect(await diff(['desired.nft', nft('inet', 'reject with tcp reset')], ['live.nft', nft('inet', 'reject')])).toBe(1);
      expect(stdout).toContain('ipv4 filter/input: tcp from 0.0.0.0/0 to 0.0.0.0/0 port 23: expected reject with tcp reset');
      expect(stdout).toContain('ipv6 filter/input: tcp from ::/0 to ::/0 port 23: expected reject with tcp reset');
      expect(stdout).toContain('actual reject with icmpv6 port-unreachable');
    });

    it.each([
      ['iptables default reply', ['a.v4', iptables('REJECT')], ['b.v4', iptables('REJECT --reject-with icmp-port-unreachable')]],
      ['iptables alias', ['a.v4', iptables('REJECT --reject-with icmp-host-prohibited')], ['b.v4', iptables('REJECT --reject-with host-prohib')]],
      ['nft ip default reply', ['a.nft', nft('ip', 'reject')], ['b.nft', nft('ip', 'reject with icmp type port-unreachable')]],
      ['iptables against nft ip', ['a.v4', iptables('REJECT')], ['b.nft', nft('ip', 'reject with icmp type port-unreachable')]],
      ['tcp reset in both tools', ['a.v4', iptables('REJECT --reject-with tcp-reset')], ['b.nft', nft('ip', 'reject with tcp reset')]],
      ['icmpx for IPv4', ['a.v4', iptables('REJECT --reject-with icmp-admin-prohibited')], ['b.nft', nft('inet', 'reject with icmpx type admin-prohibited')]],
      ['icmpx for IPv6', ['a.v6', iptables('REJECT --reject-with icmp6-addr-unreachable')], ['b.nft', nft('inet', 'reject with icmpx type host-unreachable')]],
      ['nft code number', ['a.nft', nft('ip', 'reject with icmp type 13')], ['b.v4', iptables('REJECT --reject-with icmp-admin-prohibited')]],
    ] as const)('%s is equal', async (_name, desired, live) => {
      expect(await diff([...desired], [...live])).toBe(0);
      expect(stdout).toContain('firewall: equivalent');
    });
  });

  it('prints the output docs/scanning.md shows', async () => {
    const docs = readFileSync(join(packageRoot, 'docs', 'scanning.md'), 'utf8');
    const documentedOutput = /the first command above prints:\n\n```text\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(documentedOutput).toBeDefined();
    const args = ['diff', 'firewall/edge.v4', 'live-iptables-save.txt'];
    expect(await main(args, join(fixtures, 'offline'))).toBe(1);
    expect(stdout).toBe(documentedOutput);
  });
});

describe('driftgate diff usage', () => {
  it('one file is a usage error', async () => {
    expect(await main(['diff', join(fixtures, 'routes-netplan.yaml')])).toBe(2);
    expect(stderr).toContain('diff needs two files');
  });

  it('unknown format is rejected', async () => {
    expect(await main(['diff', join(fixtures, 'routes-netplan.yaml'), join(import.meta.dirname, 'diff.test.ts')])).toBe(2);
    expect(stderr).toContain('format not recognised');
  });

  it('help lists the exit codes', async () => {
    expect(await main(['diff', '--help'])).toBe(0);
    expect(stdout).toContain('0 equivalent, 1 different, 2');
  });
});

describe('driftgate diff zones with --origin', () => {
  const zone = ['$TTL 3600', '@ IN SOA ns1 hostmaster 2026120401 7200 3600 1209600 300', '@ IN NS ns1', 'ns1 IN A 192.0.2.53', 'www IN A 192.0.2.80', ''].join('\n');
  let folder = '';

  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'driftgate-diff-origin-'));
    writeFileSync(join(folder, 'example.com.zone'), zone);
    writeFileSync(join(folder, 'db.example.com.old'), zone);
  });

  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('takes each origin from the file name by default', async () => {
    expect(await main(['diff', join(folder, 'db.example.com.old'), join(folder, 'example.com.zone')])).toBe(1);
  });

  it('compares both files under the given origin', async () => {
    expect(await main(['diff', '--origin', 'example.com', join(folder, 'db.example.com.old'), join(folder, 'example.com.zone')])).toBe(0);
    expect(stdout).toContain('equivalent');
  });
});

describe('driftgate diff schema errors', () => {
  it('rejects a canonical file with a misspelt key', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'driftgate-diff-schema-'));
    try {
      const policy = ['kind: firewall', 'chains:', '  input:', '    hook: input', '    policy: drop', '    rules:', '      - { id: loopback, action: accept, inInterfce: lo }', ''].join('\n');
      writeFileSync(join(folder, 'old.yaml'), policy);
      writeFileSync(join(folder, 'new.yaml'), policy.replace('inInterfce', 'inInterface'));
      expect(await main(['diff', join(folder, 'old.yaml'), join(folder, 'new.yaml')])).toBe(2);
      expect(stderr).toContain('old.yaml:7:41 unknown key `inInterfce`');
      expect(stdout).toBe('');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('driftgate diff load balancers', () => {
  it('pairs backends and servers by name', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'driftgate-diff-lb-'));
    try {
      const config = (extra: string, web2: string) =>
        `defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nfrontend www\n    bind :80\n    default_backend web_pool\n${extra}\nbackend web_pool\n    server web1 192.0.2.21:80 check\n    server web2 ${web2}:80 check\n`;
      writeFileSync(join(folder, 'old.cfg'), config('', '192.0.2.22'));
      writeFileSync(join(folder, 'new.cfg'), config('\nbackend maint_pool\n    server m1 192.0.2.31:80 check\n', '192.0.2.23'));
      expect(await main(['diff', join(folder, 'old.cfg'), join(folder, 'new.cfg')])).toBe(1);
      expect(stdout).toContain('2 difference(s)');
      expect(stdout).toContain('backends[web_pool].servers[web2].address: expected "192.0.2.22"; actual "192.0.2.23"');
      expect(stdout).toContain('backends[maint_pool]: expected not set');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  describe('with several defaults sections', () => {
    const fixtureDir = join(packageRoot, 'test', 'fixtures', 'haproxy');
    let folder = '';

    beforeEach(() => {
      folder = mkdtempSync(join(tmpdir(), 'driftgate-diff-lb-defaults-'));
    });

    afterEach(() => {
      rmSync(folder, { recursive: true, force: true });
    });

    /** Writes a fixture and a copy with one edit, and runs `driftgate diff` of the two. */
    async function diffFixture(name: string, from: string, to: string): Promise<number> {
      const text = readFileSync(join(fixtureDir, name), 'utf8');
      expect(text).toContain(from);
      writeFileSync(join(folder, 'old.cfg'), text);
      writeFileSync(join(folder, 'new.cfg'), text.replace(from, to));
      return main(['diff', join(folder, 'old.cfg'), join(folder, 'new.cfg')]);
    }

    it('timeouts of a later defaults differ', async () => {
      const exitCode = await diffFixture('defaults-later-without-timeouts.cfg', 'defaults bare\n    mode http\n', 'defaults bare\n    mode http\n    timeout client 30s\n');
      expect(exitCode).toBe(1);
      expect(stdout).toContain('1 difference(s)');
      expect(stdout).toContain('[0].frontends[late_in].timeouts.client: expected not set; actual "30000 ms"');
    });

    it('inherited tcp mode equals mode written out', async () => {
      const exitCode = await diffFixture('defaults-later-tcp-tunnel.cfg', 'backend ldap_servers\n', 'backend ldap_servers\n    mode tcp\n');
      expect(stdout).toContain('loadbalancer: equivalent');
      expect(exitCode).toBe(0);
    });

    it('http-request deny from defaults differs', async () => {
      const exitCode = await diffFixture('defaults-http-request-deny.cfg', '    http-request deny\n', '');
      expect(exitCode).toBe(1);
      expect(stdout).toContain('backends[retired].respondsItself');
    });
  });

  describe('against canonical YAML', () => {
    let folder = '';

    beforeEach(() => {
      folder = mkdtempSync(join(tmpdir(), 'driftgate-diff-lb-yaml-'));
      writeFileSync(join(folder, 'haproxy.cfg'), HAPROXY_CFG);
      writeFileSync(join(folder, 'lb.yaml'), LOADBALANCER_YAML);
    });

    afterEach(() => {
      rmSync(folder, { recursive: true, force: true });
    });

    it('values from defaults are equal', async () => {
      expect(await main(['diff', join(folder, 'haproxy.cfg'), join(folder, 'lb.yaml')])).toBe(0);
      expect(stdout).toContain('loadbalancer: equivalent');
      expect(await main(['diff', join(folder, 'lb.yaml'), join(folder, 'haproxy.cfg')])).toBe(0);
    });

    it('HAProxy defaults equal values written out', async () => {
      const spelledOut = HAPROXY_CFG.replace(
        'backend web\n    balance roundrobin\n',
        'backend web\n    balance roundrobin\n    default-server inter 2s rise 2 fall 3\n    timeout client 90s\n',
      );
      writeFileSync(join(folder, 'haproxy.cfg'), spelledOut);
      expect(await main(['diff', join(folder, 'lb.yaml'), join(folder, 'haproxy.cfg')])).toBe(0);
    });

    it('a timeout set in one backend differs', async () => {
      writeFileSync(join(folder, 'haproxy.cfg'), HAPROXY_CFG.replace('backend web\n', 'backend web\n    timeout server 60s\n'));
      expect(await main(['diff', join(folder, 'lb.yaml'), join(folder, 'haproxy.cfg')])).toBe(1);
      expect(stdout).toContain('1 difference(s)');
      expect(stdout).toContain('[0].backends[web].timeouts.server: expected "30000 ms"; actual "60000 ms"');
    });
  });
});

describe('driftgate diff nft port sets', () => {
  const desired = join(packageRoot, 'test', 'fixtures', 'nft', 'port-sets.nft');

  /** Runs `driftgate diff` of port-sets.nft against a copy whose `web` set has `elements`. */
  async function diffWithWebSet(elements: string): Promise<number> {
    const folder = mkdtempSync(join(tmpdir(), 'driftgate-diff-port-set-'));
    try {
      const live = join(folder, 'live.nft');
      writeFileSync(live, readFileSync(desired, 'utf8').replace('elements = { 80, 443 }', `elements = { ${elements} }`));
      return await main(['diff', desired, live]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }

  it('reports a port added to a named set', async () => {
    expect(await diffWithWebSet('80, 443, 8443')).toBe(1);
    expect(stdout).toContain('firewall: 2 difference(s)');
    expect(stdout).toContain('ipv4 filter/input: tcp from 0.0.0.0/0 to 0.0.0.0/0 port 8443 state new, invalid, untracked: expected drop (chain policy); actual accept (rule `tcp dport @web accept`');
  });

  it('finds reordered set elements equivalent', async () => {
    expect(await diffWithWebSet('443, http')).toBe(0);
    expect(stdout).toContain('firewall: equivalent');
  });
});
