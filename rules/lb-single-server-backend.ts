import { defineRule } from '../src/engine/rule.js';
import { backendsOf, isActive } from '../src/loadbalancer/servers.js';

export default defineRule<'loadbalancer', { minServers: number }>({
  id: 'lb-single-server-backend',
  domain: 'loadbalancer',
  description:
    'Reports backends with fewer active servers than minServers, a single point of failure',
  severity: 'warning',
  profile: 'recommended',
  messages: {
    tooFew: {
      message:
        'backend `{{backend}}` has {{active}} active server(s) but needs {{minServers}} to survive the loss of one',
      fix: 'Add servers to `{{backend}}` until {{minServers}} take traffic, or suppress this finding for a service that cannot run twice.',
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
          description: 'Minimum number of active servers.',
        },
      },
    },
    defaults: { minServers: 2 },
  },
  check({ data, options, report }) {
    for (const at of backendsOf(data)) {
      const active = (at.backend.servers ?? []).filter(isActive).length;
      // Backends with no active server at all belong to lb-backend-without-servers and lb-no-active-server.
      if (active === 0 || active >= options.minServers) continue;
      report({
        messageId: 'tooFew',
        path: [...at.path, 'name'],
        data: { backend: at.backend.name, active, minServers: options.minServers },
      });
    }
  },
});
