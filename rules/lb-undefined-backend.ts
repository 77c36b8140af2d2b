import { defineRule } from '../src/engine/rule.js';
import { closestMatch } from '../src/util/text.js';

/**
 * HAProxy resolves a `use_backend` name containing a `%[...]` sample expression per request,
 * so only names without one can be checked before the configuration runs.
 */
function isDynamicName(name: string): boolean {
  return name.includes('%[');
}

export default defineRule({
  id: 'lb-undefined-backend',
  domain: 'loadbalancer',
  description: 'Reports defaultBackend and useBackends entries that name a backend that does not exist',
  severity: 'error',
  profile: 'recommended',
  messages: {
    undefined: {
      message: 'frontend `{{frontend}}` uses backend `{{backend}}`, which is not defined{{hint}}',
      fix: 'Name one of the backends in `backends`, or add a backend called `{{backend}}`.',
    },
  },
  check({ data, report }) {
    const names = (data.backends ?? []).map((backend) => backend.name);
    const defined = new Set(names);
    const checkName = (frontend: string, backend: string, path: (string | number)[]): void => {
      if (defined.has(backend) || isDynamicName(backend)) return;
      const guess = closestMatch(backend, names);
      report({ messageId: 'undefined', path, data: { frontend, backend, guess, hint: guess ? `; did you mean \`${guess}\`?` : '' } });
    };

    (data.frontends ?? []).forEach((frontend, index) => {
      const path = ['frontends', index];
      if (frontend.defaultBackend !== undefined) {
        checkName(frontend.name, frontend.defaultBackend, [...path, 'defaultBackend']);
      }
      (frontend.useBackends ?? []).forEach((rule, ruleIndex) => {
        checkName(frontend.name, rule.backend, [...path, 'useBackends', ruleIndex, 'backend']);
      });
    });
  },
});
