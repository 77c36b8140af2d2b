/** References from frontends to backends, across the documents of one load balancer. */
import type { DataPath, LoadedDocument } from '../model.js';
import type { LoadBalancer } from '../types/loadbalancer.js';

/** A frontend's reference to a backend by name, with its place in the run. */
export interface BackendReference {
  document: LoadedDocument<LoadBalancer>;
  frontend: string;
  backend: string;
  path: DataPath;
}

/**
 * Returns true for a backend name that contains a `%[...]` sample expression. HAProxy builds
 * such a name per request, so it cannot be resolved before the configuration runs.
 */
export function isDynamicBackendName(name: string): boolean {
  return name.includes('%[');
}

/** Lists every `defaultBackend` and `useBackends` reference of a document's frontends, in order. */
export function backendReferencesOf(document: LoadedDocument<LoadBalancer>): BackendReference[] {
  const references: BackendReference[] = [];
  (document.data.frontends ?? []).forEach((frontend, index) => {
    const path = ['frontends', index];
    if (frontend.defaultBackend !== undefined) {
      references.push({
        document,
        frontend: frontend.name,
        backend: frontend.defaultBackend,
        path: [...path, 'defaultBackend'],
      });
    }
    (frontend.useBackends ?? []).forEach((rule, ruleIndex) => {
      references.push({
        document,
        frontend: frontend.name,
        backend: rule.backend,
        path: [...path, 'useBackends', ruleIndex, 'backend'],
      });
    });
  });
  return references;
}

/** Lists the names of the backends that a group of documents defines. */
export function backendNamesOf(documents: readonly LoadedDocument<LoadBalancer>[]): string[] {
  return documents.flatMap((document) =>
    (document.data.backends ?? []).map((backend) => backend.name),
  );
}
