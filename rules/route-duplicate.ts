import { defineRule } from '../src/engine/rule.js';
import { findRepeatedRoutes, isDefaultDestination, routeKey } from '../src/routing/routes.js';

export default defineRule({
  id: 'route-duplicate',
  domain: 'routing',
  description: 'Reports two routes with the same destination, table and metric',
  severity: 'error',
  profile: 'recommended',
  messages: {
    duplicate: {
      message: 'a route to {{key}} is already declared, so `ip route add` fails with "File exists"',
      fix: 'Remove one of the two routes, give them different metrics, or merge their gateways into `nexthops`.',
      nativeFix: {
        netplan:
          'Remove one of the two routes, or give them different `metric` values.',
      },
    },
  },
  check({ data, report }) {
    // Default routes with equal metric are route-multiple-defaults' finding.
    const repeated = findRepeatedRoutes(data, (route) => !isDefaultDestination(route.destination));
    for (const { at, earlier } of repeated) {
      report({
        messageId: 'duplicate',
        path: [...at.path, 'destination'],
        data: { key: routeKey(at.route) },
        related: [
          {
            path: [...earlier.path, 'destination'],
            message: 'first route with this destination, table and metric',
          },
        ],
      });
    }
  },
});
