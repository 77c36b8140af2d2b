import { defineRule } from '../src/engine/rule.js';
import { sameLoadBalancer } from '../src/loadbalancer/documents.js';
import { backendsOf } from '../src/loadbalancer/servers.js';
import type { DataPath, LoadedDocument } from '../src/model.js';

export default defineRule({
  id: 'lb-frontend-backend-same-name',
  domain: 'loadbalancer',
  description: 'Reports a frontend and a backend that share a name',
  severity: 'warning',
  profile: 'recommended',
  messages: {
    sameName: {
      message: 'backend `{{name}}` has the same name as a frontend',
      fix: 'Rename the backend, for example to `{{name}}_servers`, and update the frontends that use it.',
      nativeFix: {
        haproxy:
          'Rename the backend, for example to `backend {{name}}_servers`, and update the `use_backend` and `default_backend` lines that name it.',
      },
    },
  },
  check({ data, document, documents, report }) {
    // Frontends may sit in another document of the same load balancer.
    const frontends = new Map<string, { document: LoadedDocument; path: DataPath }>();
    for (const candidate of sameLoadBalancer(document, documents)) {
      (candidate.data.frontends ?? []).forEach((frontend, index) => {
        if (!frontends.has(frontend.name))
          frontends.set(frontend.name, { document: candidate, path: ['frontends', index, 'name'] });
      });
    }

    for (const at of backendsOf(data)) {
      const frontend = frontends.get(at.backend.name);
      if (!frontend || isOneListenSection(document, [...at.path, 'name'], frontend)) continue;
      report({
        messageId: 'sameName',
        path: [...at.path, 'name'],
        data: { name: at.backend.name },
        related: [{ ...frontend, message: `frontend \`${at.backend.name}\`` }],
      });
    }
  },
});

/**
 * Returns true when the frontend and the backend come from one HAProxy `listen` section, which
 * the reader turns into a frontend and a backend whose names point at the same place.
 */
function isOneListenSection(
  document: LoadedDocument,
  backendPath: DataPath,
  frontend: { document: LoadedDocument; path: DataPath },
): boolean {
  if (frontend.document !== document) return false;
  const backendName = document.locator.locate(backendPath);
  const frontendName = document.locator.locate(frontend.path);
  return backendName.line === frontendName.line && backendName.column === frontendName.column;
}
