import { defineRule } from '../src/engine/rule.js';
import { BUILTIN_INTERFACES } from '../src/routing/interfaces.js';
import { nextHopsOf, routesOf } from '../src/routing/routes.js';
import { closestMatch } from '../src/util/text.js';

export default defineRule({
  id: 'route-undefined-interface',
  domain: 'routing',
  description: 'Reports routes whose dev names an interface the document does not declare',
  severity: 'error',
  profile: 'recommended',
  messages: {
    undefined: {
      message: 'interface `{{dev}}` is not declared under `interfaces`{{hint}}',
      fix: 'Name a declared interface, or declare `{{dev}}` under `interfaces`.',
    },
  },
  check({ data, report }) {
    // A document without `interfaces` describes routes only, so there is nothing to check against.
    if (data.interfaces === undefined) return;
    const names = data.interfaces.map((declared) => declared.name);
    const declared = new Set([...names, ...BUILTIN_INTERFACES]);
    for (const at of routesOf(data)) {
      for (const { nextHop, path } of nextHopsOf(at)) {
        if (nextHop.dev === undefined || declared.has(nextHop.dev)) continue;
        const guess = closestMatch(nextHop.dev, names);
        report({
          messageId: 'undefined',
          path: [...path, 'dev'],
          data: { dev: nextHop.dev, guess, hint: guess ? `; did you mean \`${guess}\`?` : '' },
        });
      }
    }
  },
});
