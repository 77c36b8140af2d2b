// Drift-scan throughput and client CPU against a bare ssh2 connection and OpenSSH `ssh`.
//
// Creates 8 test hosts (network namespaces dgbench-<n> in 198.18.32.0/20, each with a real sshd,
// iptables rules, static routes, managed files, a unit and sysctl values), writes an inventory and
// desired-state repository for them and pins their keys. Then, in turn and in one process:
//   (a) driftgate's scanner, scanHosts() in process at its default concurrency, one scan of 200 host
//       entries (each test host 25 times), so up to 32 sessions run at once;
//   (b) a bare ssh2 client: a new connection and one `true` command per host run, 8 at once;
//   (c) OpenSSH `ssh`, 16 at once, running the scanner's collection command with its stdin request;
//   (d) Ansible, when `ansible` is installed.
// Each pass reports client CPU (this process, or its ssh children) and host-side CPU (each sshd
// with its reaped sessions, login shells and commands) per host run.
// Targets: scanner client CPU per host at most 2 times the bare ssh2 figure, and scanner hosts per
// second at least 3 times OpenSSH's. Needs root; every namespace, veth and process is removed at
// the end, also on failure or Ctrl-C.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import ssh2 from 'ssh2';

import { createLab, labUnavailableReason } from '../dist/src/lab/harness.js';
import { collectionCommand, encodeRequest, newBoundary } from '../dist/src/scan/collect.js';
import { loadInventory, resolveHost } from '../dist/src/scan/inventory.js';
import { DEFAULT_CONCURRENCY, repoReader, requestFor, scanHosts } from '../dist/src/scan/scan.js';
import { parseKnownHosts } from '../dist/src/ssh/known-hosts.js';

const HOSTS = 8;
const ROUNDS = 25;
const OPENSSH_PARALLEL = 16;
const LAB = { prefix: 'dgbench', network: '198.18.32.0' };
const TARGET_CPU_RATIO = 2;
const TARGET_THROUGHPUT_RATIO = 3;
/** Clock ticks per second of the times in /proc/<pid>/stat (USER_HZ, 100 on Linux for x86 and arm). */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

const MOTD = 'Authorised use only.\nThis host is managed by driftgate.\n';
const ISSUE = 'edge router: authorised access only\n';
const SYSCTL_CONF = 'net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter = 2\n';
const AGENT = 'prometheus-node-exporter.service';

/** Returns an iptables-save filter table of 24 rules: the kind an edge host carries. */
function firewallRules() {
  const lines = ['*filter', ':INPUT DROP [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ':MGMT - [0:0]'];
  lines.push('-A INPUT -i lo -j ACCEPT');
  lines.push('-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  lines.push('-A INPUT -p icmp -m icmp --icmp-type 8 -m limit --limit 10/sec -j ACCEPT');
  lines.push('-A INPUT -p tcp -m tcp --dport 22 -j MGMT');
  for (let index = 0; index < 8; index += 1) lines.push(`-A INPUT -s 198.18.${40 + index}.0/24 -j DROP`);
  lines.push('-A INPUT -p udp -m udp --dport 123 -j ACCEPT');
  lines.push('-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT');
  lines.push('-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  for (let index = 0; index < 6; index += 1) lines.push(`-A FORWARD -d 198.18.${36 + index}.0/24 -p tcp -m tcp --dport ${8000 + index} -j ACCEPT`);
  lines.push('-A MGMT -s 198.18.32.0/20 -j ACCEPT');
  lines.push('-A MGMT -j DROP');
  lines.push('COMMIT', '');
  return lines.join('\n');
}

function gatewayOf(host) {
  return host.address.replace(/\d+$/, (last) => String(Number(last) - 1));
}

/** Static routes of a host, as `ip route add` arguments; all inside the bench's own /20. */
function staticRoutes(host) {
  const gateway = gatewayOf(host);
  return [
    ['198.18.44.0/24', 'via', gateway],
    ['198.18.45.0/24', 'via', gateway, 'metric', '100'],
    ['blackhole', '198.18.46.0/24'],
  ];
}

function routingDocument(host) {
  const gateway = gatewayOf(host);
  return [
    'kind: routing',
    'interfaces:',
    `  - name: ${LAB.prefix}${host.index}n`,
    `    addresses: [${host.address}/30]`,
    'routes:',
    '  - destination: default',
    `    via: ${gateway}`,
    '  - destination: 198.18.44.0/24',
    `    via: ${gateway}`,
    '  - destination: 198.18.45.0/24',
    `    via: ${gateway}`,
    '    metric: 100',
    '  - destination: 198.18.46.0/24',
    '    type: blackhole',
    '',
  ].join('\n');
}

/** Applies the live state that the repository describes, so a scan finds no drift. */
async function prepareHost(lab, host) {
  execFileSync('ip', ['netns', 'exec', host.namespace, 'iptables-restore'], { input: firewallRules() });
  for (const route of staticRoutes(host)) await lab.exec(host, ['ip', 'route', 'add', ...route]);
  await lab.exec(host, ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1']);
}

/** Writes the inventory, known_hosts, managed files, rules and routing documents, and commits them. */
function writeRepo(repo, lab) {
  for (const folder of ['files', 'firewall', 'routing']) mkdirSync(join(repo, folder));
  writeFileSync(join(repo, 'files', 'motd'), MOTD);
  writeFileSync(join(repo, 'files', 'issue.net'), ISSUE);
  writeFileSync(join(repo, 'files', '90-edge.conf'), SYSCTL_CONF);
  writeFileSync(join(repo, 'firewall', 'edge.v4'), firewallRules());
  writeFileSync(join(repo, 'known_hosts'), readFileSync(lab.knownHostsPath));
  const installedSsh = execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'openssh-server'], { encoding: 'utf8' });
  const hostLines = lab.hosts.map((host, index) => {
    writeFileSync(join(repo, 'routing', `edge${index + 1}.yaml`), routingDocument(host));
    return [`  - name: edge${index + 1}`, `    address: ${host.address}`, '    roles: [edge]', `    state: { routing: [routing/edge${index + 1}.yaml] }`].join('\n');
  });
  const inventory = `kind: inventory
ssh:
  knownHosts: known_hosts
  connectTimeout: 10
  retries: 0
defaults: { user: root, sudo: false }
hosts:
${hostLines.join('\n')}
roles:
  edge:
    firewall: [firewall/edge.v4]
    files:
      - { path: /etc/motd, source: files/motd, mode: "0644", owner: root, group: root }
      - { path: /etc/issue.net, source: files/issue.net, mode: "0644", owner: root }
      - { path: /etc/sysctl.d/90-edge.conf, source: files/90-edge.conf, mode: "0644" }
      - { path: /etc/telnetd.conf, absent: true }
    packages:
      openssh-server: "${installedSsh}"
      iptables: present
      telnetd: absent
    services:
      - { name: ${AGENT}, monitoring: true }
    sshd:
      PermitRootLogin: prohibit-password
      PasswordAuthentication: false
      X11Forwarding: false
    sysctl:
      net.ipv4.ip_forward: 1
`;
  writeFileSync(join(repo, 'inventory.yaml'), inventory);
  const git = (...args) => execFileSync('git', ['-C', repo, ...args], { stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=driftgate bench', '-c', 'user.email=bench@example.com', 'commit', '-qm', 'desired state');
}

/** Returns the user+system CPU time of reaped child processes, in ms, from /proc/self/stat. */
function childCpuMs() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the parenthesised command name start at field 3; cutime and cstime are 16 and 17 (proc(5)).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / CLOCK_TICKS;
}

function ownCpuMs() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Returns the process ids in a test host's namespace: its sshd listener and any live session. */
function namespacePids(host) {
  return execFileSync('ip', ['netns', 'pids', host.namespace], { encoding: 'utf8' }).split('\n').filter((line) => line !== '');
}

/**
 * Returns the CPU time in ms of the test hosts' processes and their reaped children: sshd with
 * its per-connection processes, the login shell and the commands it ran. It first waits up to
 * 5 s for the sessions of the last pass to end, so that sshd has reaped them.
 */
async function hostSideCpuMs(lab) {
  const deadline = Date.now() + 5000;
  while (lab.hosts.some((host) => namespacePids(host).length > 1) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  let total = 0;
  for (const host of lab.hosts) {
    for (const pid of namespacePids(host)) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // utime, stime, cutime and cstime are fields 14 to 17 (proc(5)).
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0);
    }
  }
  return (total * 1000) / CLOCK_TICKS;
}

/**
 * Runs `run` and returns wall time in ms, the CPU used by this process and by its reaped
 * children, and the CPU used on the test hosts.
 */
async function measure(lab, run) {
  const hostSideBefore = await hostSideCpuMs(lab);
  const cpuBefore = ownCpuMs();
  const childBefore = childCpuMs();
  const start = performance.now();
  await run();
  const wallMs = performance.now() - start;
  const cpuMs = ownCpuMs() - cpuBefore;
  const childMs = childCpuMs() - childBefore;
  return { wallMs, cpuMs, childCpuMs: childMs, hostSideCpuMs: (await hostSideCpuMs(lab)) - hostSideBefore };
}

/** Runs `work` on every item, at most `limit` at once. */
async function inParallel(items, limit, work) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/**
 * (a) One scan of ROUNDS x HOSTS host entries (each test host listed ROUNDS times) at the
 * scanner's default concurrency, as `driftgate scan` runs an inventory of that size, and a check
 * that every host scan found no drift.
 */
async function benchScanner(lab, hosts, options) {
  const problems = [];
  const entries = Array.from({ length: ROUNDS * hosts.length }, (_, index) => hosts[index % hosts.length]);
  const figures = await measure(lab, async () => {
    const results = await scanHosts(entries, options);
    for (const result of results) {
      const serious = result.findings.filter((finding) => finding.severity !== 'warning');
      if (result.status !== 'scanned' || serious.length > 0) problems.push({ host: result.host, status: result.status, message: result.message, serious });
    }
    if (results.length !== entries.length) problems.push({ message: `${results.length} results for ${entries.length} host entries` });
  });
  if (problems.length > 0) {
    throw new Error(`the scanner reported drift or failures on hosts the bench keeps clean:\n${JSON.stringify(problems.slice(0, 3), null, 2)}`);
  }
  return { ...figures, runs: ROUNDS * hosts.length };
}

/** Opens one ssh2 connection, runs `true` and closes it. */
function bareSsh2Run(host, privateKey, pinnedKey) {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    client.on('error', reject);
    client.on('ready', () => {
      client.exec('true', (error, channel) => {
        if (error) {
          client.end();
          reject(error);
          return;
        }
        channel.on('close', (code) => {
          client.end();
          if (code === 0) resolve();
          else reject(new Error(`${host.address}: true exited with ${code}`));
        });
        channel.resume();
        channel.stderr.resume();
      });
    });
    client.connect({
      host: host.address,
      port: host.port,
      username: 'root',
      privateKey,
      hostVerifier: (key) => key.toString('base64') === pinnedKey,
    });
  });
}

/** (b) A new ssh2 connection and one trivial command per host run, the hosts of a round at once. */
async function benchBareSsh2(lab) {
  const privateKey = readFileSync(lab.clientKeyPath);
  const figures = await measure(lab, async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      await Promise.all(lab.hosts.map((host) => bareSsh2Run(host, privateKey, host.hostKey.split(' ')[1])));
    }
  });
  return { ...figures, runs: ROUNDS * lab.hosts.length };
}

/** Runs OpenSSH once: the scanner's command and stdin, checking that the script finished. */
function opensshRun(host, lab, command, request, extraOptions) {
  // A new boundary per run, as the scanner makes one per session.
  const boundary = newBoundary();
  const stdin = encodeRequest(request, boundary);
  return new Promise((resolve, reject) => {
    const args = [
      '-F', '/dev/null',
      '-i', lab.clientKeyPath,
      '-o', 'BatchMode=yes',
      '-o', 'IdentitiesOnly=yes',
      '-o', 'StrictHostKeyChecking=yes',
      '-o', `UserKnownHostsFile=${lab.knownHostsPath}`,
      '-o', 'GlobalKnownHostsFile=/dev/null',
      '-o', 'LogLevel=ERROR',
      ...extraOptions.flatMap((option) => ['-o', option]),
      '-p', String(host.port),
      `root@${host.address}`,
      command,
    ];
    const child = spawn('ssh', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const output = [];
    let errors = '';
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const text = Buffer.concat(output).toString('latin1');
      if (code === 0 && text.includes(`@@driftgate-${boundary} done`)) resolve();
      else reject(new Error(`ssh ${host.address} exited with ${code}: ${errors.trim()}`));
    });
    child.stdin.end(stdin);
  });
}

/** (c) OpenSSH over the same host runs, OPENSSH_PARALLEL at once. */
async function benchOpenssh(lab, repo, resolved, extraOptions) {
  const runs = Array.from({ length: ROUNDS * lab.hosts.length }, (_, index) => index % lab.hosts.length);
  const command = collectionCommand(false);
  // The digests of the managed files' sources, as the scanner sends them.
  const readRepo = repoReader(repo);
  const requests = resolved.map((host) => requestFor(host, readRepo));
  const figures = await measure(lab, () => inParallel(runs, OPENSSH_PARALLEL, (index) => opensshRun(lab.hosts[index], lab, command, requests[index], extraOptions)));
  return { ...figures, runs: runs.length };
}

// NOTE: when ansible is installed, the bench only prints that it is. An Ansible pass over the
// same hosts has not been written, because no machine the bench ran on had Ansible.
function ansibleInstalled() {
  try {
    execFileSync('ansible', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function row(name, figures, cpuMs) {
  const hostsPerSecond = figures.runs / (figures.wallMs / 1000);
  return { name, runs: figures.runs, wallS: figures.wallMs / 1000, hostsPerSecond, cpuPerHostMs: cpuMs / figures.runs, hostSidePerHostMs: figures.hostSideCpuMs / figures.runs };
}

function printTable(rows) {
  console.log('| What | Host runs | Wall time | Hosts/s | Client CPU per host | Host-side CPU per host |');
  console.log('|---|---|---|---|---|---|');
  for (const entry of rows) {
    const cells = [entry.name, entry.runs, `${entry.wallS.toFixed(2)} s`, entry.hostsPerSecond.toFixed(1), `${entry.cpuPerHostMs.toFixed(1)} ms`, `${entry.hostSidePerHostMs.toFixed(1)} ms`];
    console.log(`| ${cells.join(' | ')} |`);
  }
}

const reason = await labUnavailableReason();
if (reason) {
  console.log(`skipped: ${reason}`);
} else {
  let lab;
  let repo;
  const cleanUp = async () => {
    await lab?.destroy();
    if (repo) rmSync(repo, { recursive: true, force: true });
  };
  const onSignal = (signal) => {
    cleanUp().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const loadBefore = loadavg();
    const managed = { etcFiles: { motd: MOTD, 'issue.net': ISSUE, 'sysctl.d/90-edge.conf': SYSCTL_CONF }, enabledUnits: [AGENT] };
    lab = await createLab(Array.from({ length: HOSTS }, () => ({ ...managed })), LAB);
    for (const host of lab.hosts) await prepareHost(lab, host);
    repo = mkdtempSync(join(tmpdir(), 'driftgate-scan-bench-'));
    writeRepo(repo, lab);

    const inventory = loadInventory(join(repo, 'inventory.yaml'));
    const resolved = inventory.hosts.map((host) => resolveHost(inventory, host));
    const options = {
      repoDir: repo,
      auth: { privateKey: readFileSync(lab.clientKeyPath) },
      knownHosts: parseKnownHosts(readFileSync(join(repo, 'known_hosts'), 'utf8')),
      limits: { retries: 0 },
    };

    // One unmeasured round of each, so connection set-up code and the JIT are warm.
    await scanHosts(resolved, options);
    await Promise.all(lab.hosts.map((host) => bareSsh2Run(host, readFileSync(lab.clientKeyPath), host.hostKey.split(' ')[1])));

    const scanner = await benchScanner(lab, resolved, options);
    const bare = await benchBareSsh2(lab);
    const openssh = await benchOpenssh(lab, repo, resolved, []);
    const opensshCurve = await benchOpenssh(lab, repo, resolved, ['KexAlgorithms=curve25519-sha256']);
    const loadAfter = loadavg();

    const rows = [
      row('driftgate scanner (in process, default concurrency)', scanner, scanner.cpuMs),
      row('bare ssh2: new connection + `true`', bare, bare.cpuMs),
      row(`OpenSSH ssh, ${OPENSSH_PARALLEL} at once, Debian default KEX`, openssh, openssh.childCpuMs),
      row(`OpenSSH ssh, ${OPENSSH_PARALLEL} at once, KexAlgorithms=curve25519-sha256`, opensshCurve, opensshCurve.childCpuMs),
    ];
    console.log(`date: ${new Date().toISOString()}`);
    console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`);
    console.log(`load average (1, 5, 15 min): before ${loadBefore.map((value) => value.toFixed(2)).join(' ')}, after ${loadAfter.map((value) => value.toFixed(2)).join(' ')}`);
    console.log(`command: node bench/run.mjs scan (${ROUNDS * HOSTS} host scans over ${HOSTS} test hosts; scanner concurrency ${DEFAULT_CONCURRENCY})`);
    printTable(rows);
    const cpuRatio = rows[0].cpuPerHostMs / rows[1].cpuPerHostMs;
    const throughputRatio = rows[0].hostsPerSecond / rows[2].hostsPerSecond;
    const verdict = (met) => (met ? 'met' : 'MISSED');
    console.log(`scanner CPU per host / bare ssh2: ${cpuRatio.toFixed(2)} (target <= ${TARGET_CPU_RATIO}: ${verdict(cpuRatio <= TARGET_CPU_RATIO)})`);
    console.log(`scanner hosts/s / OpenSSH hosts/s: ${throughputRatio.toFixed(2)} (target >= ${TARGET_THROUGHPUT_RATIO}: ${verdict(throughputRatio >= TARGET_THROUGHPUT_RATIO)})`);
    console.log(ansibleInstalled() ? 'ansible: installed, but this bench has no Ansible run yet' : 'ansible: not installed, so no Ansible run');
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
