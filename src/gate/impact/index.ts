/** Change impact of every document a change touches. */
import type { Domain, LoadedDocument } from '../../model.js';
import { dnsImpact } from './dns.js';
import { firewallImpact } from './firewall.js';
import { loadBalancerImpact } from './loadbalancer.js';
import { routingImpact } from './routing.js';
import type { ImpactFunction, ImpactItem } from './types.js';

export type { ImpactItem } from './types.js';

const impactByDomain: Partial<Record<Domain, ImpactFunction>> = {
  firewall: firewallImpact,
  loadbalancer: loadBalancerImpact,
  routing: routingImpact,
  dns: dnsImpact,
};

/** Registers or replaces the impact function of a domain. */
export function registerImpact(domain: Domain, impact: ImpactFunction): void {
  impactByDomain[domain] = impact;
}

const documentKey = (document: LoadedDocument): string => `${document.file}\u0000${document.index}\u0000${document.kind}`;

/** Pairs documents of changed files across the two revisions and lists what each change does. */
export function changeImpact(base: readonly LoadedDocument[], head: readonly LoadedDocument[], changedFiles: ReadonlySet<string>): ImpactItem[] {
  const baseByKey = new Map(base.filter((document) => changedFiles.has(document.file)).map((document) => [documentKey(document), document]));
  const items: ImpactItem[] = [];
  for (const document of head) {
    if (!changedFiles.has(document.file)) continue;
    const old = baseByKey.get(documentKey(document));
    baseByKey.delete(documentKey(document));
    items.push(...(impactByDomain[document.kind as Domain]?.(old, document) ?? []));
  }
  for (const old of baseByKey.values()) {
    items.push(...(impactByDomain[old.kind as Domain]?.(old, undefined) ?? []));
  }
  return items;
}
