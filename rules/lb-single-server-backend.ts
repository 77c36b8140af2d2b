import { defineRule } from '../src/engine/rule.js';
import { backendsOf, canTakeTraffic, isActive } from '../src/loadbalancer/servers.js';

export default defineRule<'loadbalancer', { minServers: number }>({
  id: 'lb-single-server-backend',
  domain: 'loadbalancer',
  description:
    'Reports backends with fewer active and backup servers than minServers, a single point of failure',
  severity: 'warning',
  profile: 'recommended',
  messages: {
    tooFew: {
      message:
        'backend `{{backend}}` has {{servers}} server(s), active or backup, but needs {{minServers}} to survive the loss of one',
      fix: 'Add servers or backup servers to `{{backend}}` until it has {{minServers}}, or suppress this finding for a service that cannot run twice.',
    },
  },
  options: {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        minServers: {
          type: 'integer',
          minimum: 2,
          description: 'Minimum number of enabled servers, active or backup, with a weight above 0.',
        },
      },
    },
    defaults: { minServers: 2 },
  },
  check({ data, options, report }) {
    for (const at of backendsOf(data)) {
      const servers = at.backend.servers ?? [];
      // Backends with no active server at all belong to lb-backend-without-servers and lb-no-active-server.
      if (!servers.some(isActive)) continue;
      const count = servers.filter(canTakeTraffic).length;
      if (count >= options.minServers) continue;
      report({
        messageId: 'tooFew',
        path: [...at.path, 'name'],
        data: { backend: at.backend.name, servers: count, minServers: options.minServers },
      });
    }
  },
});
