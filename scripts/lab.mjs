// Starts or removes driftgate test hosts for manual work: `npm run lab:up` / `npm run lab:down`.
// `up` creates hosts that stay until `down`; `down` removes every dglab-* namespace, from any lab.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createLab, listLabNamespaces, removeNamespace } from '../dist/src/lab/harness.js';
import { ownEtcFiles } from '../dist/src/lab/own-etc.js';

const [command, countText = '3'] = process.argv.slice(2);

if (command === 'up') {
  const count = Number(countText);
  if (!Number.isInteger(count) || count < 1 || count > 64) {
    console.error(`lab: host count must be a whole number from 1 to 64, not "${countText}"`);
    process.exit(2);
  }
  // Each host gets copies of the files a user is likely to edit when trying drift, so that
  // `ip netns exec dglab-1 sh -c 'echo x >> /etc/motd'` leaves this machine's /etc/motd alone.
  const etcFiles = ownEtcFiles();
  const lab = await createLab(Array.from({ length: count }, () => ({ mode: 'sshd', etcFiles })));
  const inventory = lab.hosts.map((host) => `  - name: ${host.namespace}\n    address: ${host.address}\n    user: root`);
  writeFileSync(`${lab.workDir}/inventory-hosts.yaml`, `hosts:\n${inventory.join('\n')}\n`);
  for (const host of lab.hosts) console.log(`${host.namespace}\t${host.address}:${host.port}`);
  console.log(`client key:  ${lab.clientKeyPath}`);
  console.log(`known_hosts: ${lab.knownHostsPath}`);
  console.log(`hosts list:  ${lab.workDir}/inventory-hosts.yaml`);
  const own = ['passwd', 'ssh/', ...Object.keys(etcFiles)].map((name) => `/etc/${name}`);
  console.log(`per host:    ${own.join(', ')} (under /etc/netns/<host>)`);
  console.log('shared:      every other /etc file, systemd units, dpkg status and the rest of the file system;');
  console.log('             editing one of those inside a host edits this machine.');
  console.log('Run "npm run lab:down" to remove them.');
  // The sshd processes belong to this process; detach so they outlive it until lab:down.
  process.exit(0);
} else if (command === 'down') {
  const namespaces = await listLabNamespaces();
  for (const namespace of namespaces) await removeNamespace(namespace);
  for (const entry of readdirSync(tmpdir()).filter((name) => /^dglab-\w{6}$/.test(name))) {
    rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
  console.log(`removed ${namespaces.length} test host(s)`);
} else {
  console.error('Usage: node scripts/lab.mjs up [COUNT] | down');
  process.exit(2);
}
