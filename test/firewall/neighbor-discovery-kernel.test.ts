/**
 * Checks fw-ipv6-neighbor-discovery-dropped against the running kernel. Two network namespaces
 * this test creates, joined by a veth pair with addresses from 2001:2::/48 (the IPv6 range
 * reserved for benchmarking), get each ruleset on one side. A TCP connection from that side
 * needs neighbor discovery to reach the other, so it works exactly when the rule stays silent.
 * Needs root, ip6tables and iproute2.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { validatePaths } from '../../src/engine/run.js';

const suffix = randomBytes(3).toString('hex');
const client = `dgnd-${suffix}-a`;
const server = `dgnd-${suffix}-b`;
const clientLink = `dgnda${suffix}`;
const serverLink = `dgndb${suffix}`;
const PORT = 9099;

/** Returns the ip6tables-save text of the client's filter table, with `rules` after the usual first rules. */
function ruleset(rules: string[]): string {
  return [
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    '-A INPUT -i lo -j ACCEPT',
    '-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    ...rules,
    '-A INPUT -s 2001:2::/64 -p tcp -m tcp --dport 22 -j ACCEPT',
    'COMMIT',
    '',
  ].join('\n');
}

const CASES: { name: string; rules: string[] }[] = [
  { name: 'replies only', rules: [] },
  { name: 'solicitations only', rules: ['-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-solicitation -j ACCEPT'] },
  {
    name: 'neighbor discovery',
    rules: [
      '-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-solicitation -j ACCEPT',
      '-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-advertisement -j ACCEPT',
    ],
  },
  { name: 'all ICMPv6', rules: ['-A INPUT -p ipv6-icmp -j ACCEPT'] },
  { name: 'untracked packets', rules: ['-A INPUT -m conntrack --ctstate UNTRACKED -j ACCEPT'] },
];

function inNamespace(namespace: string, ...command: string[]): void {
  execFileSync('ip', ['netns', 'exec', namespace, ...command], { stdio: 'pipe' });
}

/** Returns true when a TCP connection from the client namespace to the server is accepted. */
function connects(): boolean {
  const script = `const socket = require('node:net').connect({ host: '2001:2::2', port: ${PORT}, timeout: 4000 });
socket.on('connect', () => { console.log('connected'); socket.destroy(); });
socket.on('timeout', () => { console.log('timeout'); socket.destroy(); });
socket.on('error', (error) => console.log(error.code));`;
  const result = spawnSync('ip', ['netns', 'exec', client, process.execPath, '-e', script], { encoding: 'utf8', timeout: 10_000 });
  return result.stdout.trim() === 'connected';
}

describe('fw-ipv6-neighbor-discovery-dropped on the kernel', () => {
  let listener: ChildProcess | undefined;
  let folder = '';

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'driftgate-nd-'));
    execFileSync('ip', ['netns', 'add', client]);
    execFileSync('ip', ['netns', 'add', server]);
    execFileSync('ip', ['link', 'add', clientLink, 'type', 'veth', 'peer', 'name', serverLink]);
    execFileSync('ip', ['link', 'set', clientLink, 'netns', client]);
    execFileSync('ip', ['link', 'set', serverLink, 'netns', server]);
    for (const [namespace, link, address] of [
      [client, clientLink, '2001:2::1/64'],
      [server, serverLink, '2001:2::2/64'],
    ] as const) {
      inNamespace(namespace, 'ip', 'link', 'set', 'lo', 'up');
      inNamespace(namespace, 'ip', 'link', 'set', link, 'up');
      inNamespace(namespace, 'ip', '-6', 'address', 'add', address, 'dev', link, 'nodad');
    }
    const script = `require('node:net').createServer((socket) => socket.end()).listen(${PORT}, '::', () => console.log('listening'));`;
    listener = spawn('ip', ['netns', 'exec', server, process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      listener!.stdout!.on('data', () => resolve());
      listener!.on('exit', (code) => reject(new Error(`listener exited with ${code}`)));
    });
  });

  afterAll(() => {
    listener?.kill();
    spawnSync('ip', ['netns', 'delete', client]);
    spawnSync('ip', ['netns', 'delete', server]);
    rmSync(folder, { recursive: true, force: true });
  });

  it('connects without a firewall', () => {
    expect(connects()).toBe(true);
  });

  it.each(CASES)('agrees with the kernel: $name', async ({ name, rules }) => {
    const text = ruleset(rules);
    const file = `${name.replace(/\W+/g, '-')}.v6`;
    writeFileSync(join(folder, file), text);
    inNamespace(client, 'ip6tables', '-F');
    execFileSync('ip', ['netns', 'exec', client, 'ip6tables-restore'], { input: text });
    inNamespace(client, 'ip', '-6', 'neigh', 'flush', 'dev', clientLink);
    const kernelConnects = connects();
    inNamespace(client, 'ip6tables', '-P', 'INPUT', 'ACCEPT');
    inNamespace(client, 'ip6tables', '-F');

    const result = await validatePaths([file], { cwd: folder });
    const reported = result.findings.some((finding) => finding.ruleId === 'fw-ipv6-neighbor-discovery-dropped');
    expect(reported).toBe(!kernelConnects);
  });

  it('sees both verdicts on the kernel', async () => {
    // Without this, a kernel or namespace where every connection fails would pass the cases above.
    const kernelResults = [];
    for (const rules of [CASES[0]!.rules, CASES[2]!.rules]) {
      execFileSync('ip', ['netns', 'exec', client, 'ip6tables-restore'], { input: ruleset(rules) });
      inNamespace(client, 'ip', '-6', 'neigh', 'flush', 'dev', clientLink);
      kernelResults.push(connects());
    }
    inNamespace(client, 'ip6tables', '-P', 'INPUT', 'ACCEPT');
    inNamespace(client, 'ip6tables', '-F');
    expect(kernelResults).toEqual([false, true]);
  });
});
