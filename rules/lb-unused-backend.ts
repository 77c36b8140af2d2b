import { defineRule } from '../src/engine/rule.js';
import { sameLoadBalancer } from '../src/loadbalancer/documents.js';
import { backendReferencesOf, isDynamicBackendName } from '../src/loadbalancer/references.js';
import { backendsOf } from '../src/loadbalancer/servers.js';

export default defineRule({
  id: 'lb-unused-backend',
  domain: 'loadbalancer',
  description: 'Reports backends that no frontend uses',
  severity: 'warning',
  profile: 'strict',
  messages: {
    unused: {
      message: 'no frontend uses backend `{{backend}}`',
      fix: "Remove backend `{{backend}}`, or name it in a frontend's `defaultBackend` or `useBackends`.",
      nativeFix: {
        haproxy:
          "Remove the `backend {{backend}}` section, or name it in a frontend's `default_backend` or `use_backend` line.",
      },
    },
  },
  check({ data, document, documents, report }) {
    // Frontends may sit in another document of the same load balancer.
    const references = sameLoadBalancer(document, documents).flatMap(backendReferencesOf);
    // A name built per request (`be_%[req.hdr(host)]`) may reach any backend, so none is unused.
    if (references.some(({ backend }) => isDynamicBackendName(backend))) return;
    const used = new Set(references.map(({ backend }) => backend));
    for (const at of backendsOf(data)) {
      if (used.has(at.backend.name)) continue;
      report({
        messageId: 'unused',
        path: [...at.path, 'name'],
        data: { backend: at.backend.name },
      });
    }
  },
});
