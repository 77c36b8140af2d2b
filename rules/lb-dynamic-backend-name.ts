import { defineRule } from '../src/engine/rule.js';
import { sameLoadBalancer } from '../src/loadbalancer/documents.js';
import {
  backendNamesOf,
  backendReferencesOf,
  isDynamicBackendName,
} from '../src/loadbalancer/references.js';
import { listWords } from '../src/util/text.js';

/** Returns the fixed text before the first `%[` and after the last `]` of a dynamic name. */
function fixedParts(name: string): { prefix: string; suffix: string } {
  const prefix = name.slice(0, name.indexOf('%['));
  const lastBracket = name.lastIndexOf(']');
  return { prefix, suffix: lastBracket < prefix.length ? '' : name.slice(lastBracket + 1) };
}

export default defineRule({
  id: 'lb-dynamic-backend-name',
  domain: 'loadbalancer',
  description: 'Reports backend names built per request, which cannot be checked before use',
  severity: 'info',
  profile: 'recommended',
  messages: {
    dynamic: {
      message:
        'frontend `{{frontend}}` builds the backend name `{{backend}}` per request, so it cannot be checked; {{known}}',
      fix: 'Make sure every name the expression can produce is a backend, and keep a `defaultBackend` for the rest.',
      nativeFix: {
        haproxy:
          'Make sure every name the expression can produce is a `backend` section, and keep a `default_backend` line for the rest.',
      },
    },
  },
  check({ document, documents, report }) {
    const names = backendNamesOf(sameLoadBalancer(document, documents));
    for (const { frontend, backend, path } of backendReferencesOf(document)) {
      if (!isDynamicBackendName(backend)) continue;
      const { prefix, suffix } = fixedParts(backend);
      const matching = names.filter((name) => name.startsWith(prefix) && name.endsWith(suffix));
      const pattern = `${prefix}*${suffix}`;
      const known =
        matching.length === 0
          ? `no backend matches \`${pattern}\``
          : `backends that match \`${pattern}\`: ${listWords(matching.map((name) => `\`${name}\``), 'and')}`;
      report({ messageId: 'dynamic', path, data: { frontend, backend, matching, known } });
    }
  },
});
