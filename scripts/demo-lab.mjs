// The drift part of `npm run demo`: two test hosts in network namespaces, drift made by hand on
// one of them, `driftgate scan` against samples/lab, then teardown.
// Usage: node scripts/demo-lab.mjs check | run | down
//   check  prints why test hosts cannot be created here and exits 3, or exits 0
//   run    runs the demo; exits 0 when the scan reports exactly the drift made by hand
//   down   removes every dgdemo-* namespace and lab folder, such as after an interrupted run
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { createLab, labUnavailableReason, listLabNamespaces, removeNamespace } from '../dist/src/lab/harness.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const samples = join(repoRoot, 'samples', 'lab');
/** Namespaces dgdemo-1 and dgdemo-2 get 198.18.80.6 and 198.18.80.10, as samples/lab/inventory.yaml lists them. */
const LAB = { prefix: 'dgdemo', network: '198.18.80.0' };
const EXPECTED_ADDRESSES = ['198.18.80.6', '198.18.80.10'];
/** The rule added by hand: it opens TCP 8080 to one address, which the desired firewall does not. */
const ADDED_RULE = ['-A', 'INPUT', '-s', '198.18.80.254/32', '-p', 'tcp', '-m', 'tcp', '--dport', '8080', '-j', 'ACCEPT'];

const command = process.argv[2];
if (command === 'check') {
  const reason = await labUnavailableReason();
  if (reason) {
    console.log(reason);
    process.exit(3);
  }
} else if (command === 'down') {
  await removeDemoHosts();
} else if (command === 'run') {
  process.exitCode = await runDemo();
} else {
  console.error('Usage: node scripts/demo-lab.mjs check | run | down');
  process.exit(2);
}

/** Removes the namespaces and lab folders of this or an earlier, interrupted demo. */
async function removeDemoHosts() {
  for (const namespace of await listLabNamespaces(LAB.prefix)) await removeNamespace(namespace, LAB.prefix);
  for (const entry of readdirSync(tmpdir()).filter((name) => /^dgdemo-\w{6}$/.test(name))) {
    rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
}

/** Runs the demo and returns 0 when the scan reported the drift made by hand and nothing else. */
async function runDemo() {
  await removeDemoHosts();
  const spec = { etcFiles: { motd: readFileSync(join(samples, 'files', 'motd'), 'utf8') } };
  const lab = await createLab([spec, spec], LAB);
  const repo = mkdtempSync(join(tmpdir(), 'driftgate-demo-repo-'));
  try {
    const addresses = lab.hosts.map((host) => host.address);
    if (addresses.join() !== EXPECTED_ADDRESSES.join()) {
      console.error(`demo: the test hosts got ${addresses.join(', ')}, not ${EXPECTED_ADDRESSES.join(', ')} as in samples/lab/inventory.yaml`);
      return 1;
    }
    const rules = readFileSync(join(samples, 'firewall', 'rules.v4'));
    for (const host of lab.hosts) execFileSync('ip', ['netns', 'exec', host.namespace, 'iptables-restore'], { input: rules });
    writeDesiredRepo(repo, lab.knownHostsPath);
    console.log(`test hosts: ${lab.hosts.map((host) => `${host.namespace} ${host.address}`).join(', ')}; host keys pinned in known_hosts`);

    const drifted = lab.hosts[0].namespace;
    runShown('ip', ['netns', 'exec', drifted, 'iptables', ...ADDED_RULE]);
    runShown('ip', ['netns', 'exec', drifted, 'sh', '-c', 'echo "Maintenance window tonight." >> /etc/motd']);

    console.log('\n$ driftgate scan --repo <copy of samples/lab> --identity <lab key>');
    const scan = spawnSync(process.execPath, [join(repoRoot, 'bin', 'driftgate.js'), 'scan', '--repo', repo, '--identity', lab.clientKeyPath], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    process.stdout.write(scan.stdout);
    return checkReport(scan.status, scan.stdout);
  } finally {
    await lab.destroy();
    rmSync(repo, { recursive: true, force: true });
  }
}

/** Copies samples/lab with the pinned host keys into `repo` and commits it, as scans read git. */
function writeDesiredRepo(repo, knownHostsPath) {
  cpSync(samples, repo, { recursive: true });
  copyFileSync(knownHostsPath, join(repo, 'known_hosts'));
  const git = (...args) => execFileSync('git', ['-C', repo, ...args], { stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=driftgate demo', '-c', 'user.email=demo@example.org', 'commit', '-qm', 'desired state of the demo hosts');
}

function runShown(program, args) {
  console.log(`$ ${[program, ...args].map((arg) => (/^[\w./:=,-]+$/.test(arg) ? arg : `'${arg}'`)).join(' ')}`);
  execFileSync(program, args, { stdio: 'inherit' });
}

/** Returns 0 when the scan exited 1 with the added rule and the edited motd on demo-edge1 only. */
function checkReport(status, text) {
  const expected = [
    'demo-edge1 (198.18.80.6): 2 finding(s)',
    'error firewall ipv4 filter/input: expected tcp from 198.18.80.254/32',
    'actual accept (rule `-A INPUT -s 198.18.80.254/32 -p tcp -m tcp --dport 8080 -j ACCEPT`',
    'file-content /etc/motd',
    'demo-edge2 (198.18.80.10): no drift',
  ];
  const missing = expected.filter((line) => !text.includes(line));
  if (status === 1 && missing.length === 0) return 0;
  const lines = missing.length > 0 ? `, missing lines: ${JSON.stringify(missing)}` : '';
  console.error(`demo: the scan did not report exactly the drift made by hand (exit code ${String(status)}, expected 1${lines})`);
  return 1;
}
