/** Loading the inventory and resolving the desired state that applies to each host. */
import { readFileSync } from 'node:fs';

import { parseYaml } from '../load/source.js';
import { validateDocument } from '../load/schemas.js';
import type { DesiredState, Host, Inventory, ManagedFile } from '../types/inventory.js';
import { globToRegExp } from '../util/glob.js';

/** An inventory that failed to load; the message names file:line and what to fix. */
export class InventoryError extends Error {}

/** A service with its defaults applied. */
export interface DesiredService {
  name: string;
  active: boolean;
  enabled: boolean;
  monitoring: boolean;
}

/** Everything the scanner needs for one host: where to log in and what must be true there. */
export interface ResolvedHost {
  name: string;
  address: string;
  port: number;
  user: string;
  sudo: boolean;
  tags: string[];
  firewall: string[];
  routing: string[];
  loadbalancer: string[];
  /** Optional so that hosts built by hand (in tests) need not list it. */
  loadbalancerConfigs?: NonNullable<DesiredState['loadbalancerConfigs']>;
  zones: NonNullable<DesiredState['zones']>;
  files: ManagedFile[];
  packages: Record<string, string>;
  services: DesiredService[];
  sshd: Record<string, string>;
  sysctl: Record<string, string>;
}

/** Reads and schema-validates an inventory file. */
export function loadInventory(file: string, displayName = file): Inventory {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new InventoryError(`${displayName}: cannot read the inventory: ${(error as Error).message}`);
  }
  const parsed = parseYaml(text);
  if (parsed.problems.length > 0) {
    const problem = parsed.problems[0]!;
    throw new InventoryError(`${displayName}:${problem.range.line}: invalid YAML: ${problem.message}`);
  }
  const document = parsed.documents[0];
  if (!document) throw new InventoryError(`${displayName}: the file is empty; expected a document with kind: inventory`);
  const problems = validateDocument('inventory', document.data);
  if (problems.length > 0) {
    const lines = problems.map((problem) => {
      const range = document.locator.locate(problem.path, problem.target);
      return `${displayName}:${range.line}:${range.column}: ${problem.message}${problem.fix ? ` (${problem.fix})` : ''}`;
    });
    throw new InventoryError(lines.join('\n'));
  }
  const inventory = document.data as Inventory;
  checkReferences(inventory, displayName);
  return inventory;
}

function checkReferences(inventory: Inventory, displayName: string): void {
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const host of inventory.hosts) {
    if (seen.has(host.name)) errors.push(`${displayName}: host "${host.name}" is listed twice`);
    seen.add(host.name);
    for (const group of host.groups ?? []) {
      if (!inventory.groups?.[group]) errors.push(`${displayName}: host "${host.name}" names group "${group}", which is not defined under groups`);
    }
    for (const role of host.roles ?? []) {
      if (!inventory.roles?.[role]) errors.push(`${displayName}: host "${host.name}" names role "${role}", which is not defined under roles`);
    }
  }
  for (const [name, group] of Object.entries(inventory.groups ?? {})) {
    for (const role of group.roles ?? []) {
      if (!inventory.roles?.[role]) errors.push(`${displayName}: group "${name}" names role "${role}", which is not defined under roles`);
    }
  }
  if (errors.length > 0) throw new InventoryError(errors.join('\n'));
}

/**
 * Returns the state layers of a host in order of precedence, lowest first: the roles of its
 * groups, its groups, its own roles, then its own state.
 */
function layersOf(inventory: Inventory, host: Host): DesiredState[] {
  const layers: DesiredState[] = [];
  for (const groupName of host.groups ?? []) {
    const group = inventory.groups![groupName]!;
    for (const role of group.roles ?? []) layers.push(inventory.roles![role]!);
  }
  for (const groupName of host.groups ?? []) {
    const state = inventory.groups![groupName]!.state;
    if (state) layers.push(state);
  }
  for (const role of host.roles ?? []) layers.push(inventory.roles![role]!);
  if (host.state) layers.push(host.state);
  return layers;
}

/** Merges a host's layers: maps key by key, lists by their identifying field, later layers win. */
export function resolveHost(inventory: Inventory, host: Host): ResolvedHost {
  const resolved: ResolvedHost = {
    name: host.name,
    address: host.address,
    port: host.port ?? inventory.defaults?.port ?? 22,
    user: host.user ?? inventory.defaults?.user ?? 'root',
    sudo: host.sudo ?? inventory.defaults?.sudo ?? false,
    tags: host.tags ?? [],
    firewall: [],
    routing: [],
    loadbalancer: [],
    loadbalancerConfigs: [],
    zones: [],
    files: [],
    packages: {},
    services: [],
    sshd: {},
    sysctl: {},
  };
  const files = new Map<string, ManagedFile>();
  const services = new Map<string, DesiredService>();
  const zones = new Map<string, NonNullable<DesiredState['zones']>[number]>();
  const balancers = new Map<string, NonNullable<DesiredState['loadbalancerConfigs']>[number]>();
  for (const layer of layersOf(inventory, host)) {
    addUnique(resolved.firewall, layer.firewall);
    addUnique(resolved.routing, layer.routing);
    addUnique(resolved.loadbalancer, layer.loadbalancer);
    for (const zone of layer.zones ?? []) zones.set(zone.name, zone);
    for (const config of layer.loadbalancerConfigs ?? []) balancers.set(config.hostFile, config);
    for (const file of layer.files ?? []) files.set(file.path, file);
    for (const service of layer.services ?? []) {
      services.set(service.name, { name: service.name, active: service.active ?? true, enabled: service.enabled ?? true, monitoring: service.monitoring ?? false });
    }
    Object.assign(resolved.packages, layer.packages ?? {});
    for (const [key, value] of Object.entries(layer.sshd ?? {})) resolved.sshd[key] = String(value);
    for (const [key, value] of Object.entries(layer.sysctl ?? {})) resolved.sysctl[key] = String(value);
  }
  resolved.files = [...files.values()];
  resolved.services = [...services.values()];
  resolved.zones = [...zones.values()];
  resolved.loadbalancerConfigs = [...balancers.values()];
  return resolved;
}

function addUnique(target: string[], values: readonly string[] | undefined): void {
  for (const value of values ?? []) if (!target.includes(value)) target.push(value);
}

/**
 * Selects hosts by a comma-separated list of glob patterns, each matched against the host name
 * and its tags; no pattern selects every host.
 */
export function selectHosts(inventory: Inventory, pattern: string | undefined): Host[] {
  if (!pattern) return inventory.hosts;
  const matchers = pattern.split(',').filter((part) => part !== '').map((part) => globToRegExp(part));
  return inventory.hosts.filter((host) => matchers.some((matcher) => matcher.test(host.name) || (host.tags ?? []).some((tag) => matcher.test(tag))));
}
