import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { loadInventory, resolveHost, selectHosts } from '../../src/scan/inventory.js';

const dir = mkdtempSync(join(tmpdir(), 'driftgate-inventory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const layered = `kind: inventory
defaults: { user: driftgate, sudo: true }
hosts:
  - name: edge1
    address: 192.0.2.10
    tags: [edge]
    groups: [site-a]
    roles: [web]
    state:
      sysctl: { net.ipv4.ip_forward: 1 }
  - name: db1
    address: 192.0.2.20
    port: 2222
    user: root
groups:
  site-a:
    roles: [base]
    state:
      packages: { nginx: "1.22.1-9" }
roles:
  base:
    packages: { nginx: present, openssh-server: present }
    sysctl: { net.ipv4.ip_forward: 0 }
    services: [{ name: ssh.service }]
  web:
    files: [{ path: /etc/nginx/nginx.conf, source: files/nginx.conf }]
    services: [{ name: ssh.service, enabled: false }, { name: node-exporter.service, monitoring: true }]
`;

describe('resolveHost', () => {
  const inventory = loadInventory(write('layered.yaml', layered));
  const edge = resolveHost(inventory, inventory.hosts[0]!);

  it('applies defaults for connection settings', () => {
    expect(edge.user).toBe('driftgate');
    expect(edge.sudo).toBe(true);
    expect(edge.port).toBe(22);
  });

  it('lets the group override its roles', () => {
    expect(edge.packages).toEqual({ nginx: '1.22.1-9', 'openssh-server': 'present' });
  });

  it('lets the host override everything', () => {
    expect(edge.sysctl).toEqual({ 'net.ipv4.ip_forward': '1' });
  });

  it('merges services by name, later layers winning', () => {
    expect(edge.services).toEqual([
      { name: 'ssh.service', active: true, enabled: false, monitoring: false },
      { name: 'node-exporter.service', active: true, enabled: true, monitoring: true },
    ]);
  });

  it('keeps host connection settings', () => {
    const db = resolveHost(inventory, inventory.hosts[1]!);
    expect(db.port).toBe(2222);
    expect(db.user).toBe('root');
  });
});

describe('selectHosts', () => {
  const inventory = loadInventory(write('select.yaml', layered));

  it('matches names and tags', () => {
    expect(selectHosts(inventory, 'edge').map((host) => host.name)).toEqual(['edge1']);
    expect(selectHosts(inventory, 'db*').map((host) => host.name)).toEqual(['db1']);
    expect(selectHosts(inventory, undefined)).toHaveLength(2);
  });
});

describe('loadInventory errors', () => {
  it('names the file and line of a schema violation', () => {
    const path = write('bad.yaml', 'kind: inventory\nhosts:\n  - name: edge1\n    address: 192.0.2.10\n    prot: 22\n');
    expect(() => loadInventory(path, 'bad.yaml')).toThrow(/bad\.yaml:5:\d+: unknown key `prot`.*did you mean `port`/);
  });

  it('rejects a managed file path with a line break', () => {
    const path = write('newline.yaml', 'kind: inventory\nhosts:\n  - name: a\n    address: 192.0.2.1\n    state:\n      files: [{ path: "/etc/motd\\nx" }]\n');
    expect(() => loadInventory(path, 'newline.yaml')).toThrow(/newline\.yaml:6/);
  });

  it('names an undefined role', () => {
    const path = write('role.yaml', 'kind: inventory\nhosts:\n  - name: a\n    address: 192.0.2.1\n    roles: [missing]\n');
    expect(() => loadInventory(path, 'role.yaml')).toThrow(/role "missing", which is not defined/);
  });

  it('rejects a duplicate host', () => {
    const path = write('dup.yaml', 'kind: inventory\nhosts:\n  - { name: a, address: 192.0.2.1 }\n  - { name: a, address: 192.0.2.2 }\n');
    expect(() => loadInventory(path, 'dup.yaml')).toThrow(/listed twice/);
  });
});
