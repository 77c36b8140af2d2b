import { defineRule } from '../src/engine/rule.js';
import {
  findRepeatedRoutes,
  isDefaultDestination,
  routeFamily,
  routeMetric,
  routeTable,
} from '../src/routing/routes.js';

export default defineRule({
  id: 'route-multiple-defaults',
  domain: 'routing',
  description: 'Reports several default routes of one family in one table with equal metric',
  severity: 'error',
  profile: 'recommended',
  messages: {
    conflict: {
      message:
        'another IPv{{family}} default route in table {{table}} has metric {{metric}} too, so which gateway carries traffic depends on the order the routes were added',
      fix: "Give the backup default route a higher metric, put both gateways in one route's `nexthops` for ECMP, or move one route to its own table with a policy rule.",
      nativeFix: {
        netplan:
          'Give the backup default route a higher `metric`, or move one route to its own `table` with a `routing-policy` rule.',
      },
    },
  },
  check({ data, report }) {
    for (const { at, earlier } of findRepeatedRoutes(data, (route) =>
      isDefaultDestination(route.destination),
    )) {
      report({
        messageId: 'conflict',
        path: [...at.path, 'destination'],
        data: {
          family: routeFamily(at.route),
          table: routeTable(at.route),
          metric: routeMetric(at.route),
        },
        related: [
          {
            path: [...earlier.path, 'destination'],
            message: 'first default route with this table and metric',
          },
        ],
      });
    }
  },
});
