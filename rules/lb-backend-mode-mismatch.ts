import { defineRule } from '../src/engine/rule.js';
import { sameLoadBalancer } from '../src/loadbalancer/documents.js';
import { backendReferencesOf } from '../src/loadbalancer/references.js';
import { effectiveMode } from '../src/loadbalancer/timeouts.js';
import type { DataPath, LoadedDocument } from '../src/model.js';
import type { LoadBalancer, Mode } from '../src/types/loadbalancer.js';

interface BackendMode {
  mode: Mode;
  document: LoadedDocument<LoadBalancer>;
  path: DataPath;
}

/** Maps each backend name of a load balancer to its effective mode and place. */
function backendModes(documents: readonly LoadedDocument<LoadBalancer>[]): Map<string, BackendMode> {
  const modes = new Map<string, BackendMode>();
  for (const document of documents) {
    (document.data.backends ?? []).forEach((backend, index) => {
      if (modes.has(backend.name)) return;
      // A backend takes the `defaults` of its own document, which may differ from the frontend's.
      const mode = effectiveMode(document.data, backend.mode);
      modes.set(backend.name, { mode, document, path: ['backends', index, 'name'] });
    });
  }
  return modes;
}

export default defineRule({
  id: 'lb-backend-mode-mismatch',
  domain: 'loadbalancer',
  description: 'Reports http frontends that route to a backend in tcp mode',
  severity: 'error',
  profile: 'recommended',
  messages: {
    mismatch: {
      message: 'http frontend `{{frontend}}` uses backend `{{backend}}`, which is in tcp mode',
      fix: 'Set `mode: http` on backend `{{backend}}`, or route this frontend to an http backend.',
      nativeFix: {
        haproxy:
          "Add `mode http` to the `backend {{backend}}` section, or point this frontend's `use_backend` or `default_backend` at an http backend.",
      },
    },
  },
  check({ document, documents, report }) {
    const modes = backendModes(sameLoadBalancer(document, documents));
    for (const reference of backendReferencesOf(document)) {
      const frontend = document.data.frontends?.[reference.path[1] as number];
      if (effectiveMode(document.data, frontend?.mode) !== 'http') continue;
      // A tcp frontend may use an http backend, which HAProxy upgrades to HTTP, so only this
      // direction is rejected. Undefined and dynamic names are lb-undefined-backend's concern.
      const backend = modes.get(reference.backend);
      if (backend?.mode !== 'tcp') continue;
      report({
        messageId: 'mismatch',
        path: reference.path,
        data: { frontend: reference.frontend, backend: reference.backend },
        related: [{ document: backend.document, path: backend.path, message: `backend ${reference.backend}, in tcp mode` }],
      });
    }
  },
});
