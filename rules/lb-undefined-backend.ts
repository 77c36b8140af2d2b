import { defineRule } from '../src/engine/rule.js';
import { sameLoadBalancer } from '../src/loadbalancer/documents.js';
import {
  backendNamesOf,
  backendReferencesOf,
  isDynamicBackendName,
} from '../src/loadbalancer/references.js';
import { closestMatch } from '../src/util/text.js';

export default defineRule({
  id: 'lb-undefined-backend',
  domain: 'loadbalancer',
  description:
    'Reports defaultBackend and useBackends entries that name a backend that does not exist',
  severity: 'error',
  profile: 'recommended',
  messages: {
    undefined: {
      message: 'frontend `{{frontend}}` uses backend `{{backend}}`, which is not defined{{hint}}',
      fix: 'Name one of the backends in `backends`, or add a backend called `{{backend}}`.',
      nativeFix: {
        haproxy:
          'Name an existing `backend` section, or add a `backend {{backend}}` section.',
      },
    },
  },
  check({ document, documents, report }) {
    // Backends may sit in another document of the same load balancer.
    const names = backendNamesOf(sameLoadBalancer(document, documents));
    const defined = new Set(names);
    for (const { frontend, backend, path } of backendReferencesOf(document)) {
      if (defined.has(backend) || isDynamicBackendName(backend)) continue;
      const guess = closestMatch(backend, names);
      report({
        messageId: 'undefined',
        path,
        data: { frontend, backend, guess, hint: guess ? `; did you mean \`${guess}\`?` : '' },
      });
    }
  },
});
