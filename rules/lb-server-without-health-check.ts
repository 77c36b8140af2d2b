import { defineRule } from '../src/engine/rule.js';
import { backendsOf, isEnabled, serversOf } from '../src/loadbalancer/servers.js';

export default defineRule({
  id: 'lb-server-without-health-check',
  domain: 'loadbalancer',
  description:
    'Reports servers without health checks in backends that have other servers to fail over to',
  severity: 'warning',
  profile: 'recommended',
  messages: {
    noCheck: {
      message:
        'server `{{server}}` of backend `{{backend}}` has no health check, so it keeps getting traffic when it is down',
      fix: 'Set `check: true` on server `{{server}}`.',
      nativeFix: {
        haproxy:
          'Add `check` to the `server {{server}}` line of the `backend {{backend}}` section.',
      },
    },
  },
  check({ data, report }) {
    for (const at of backendsOf(data)) {
      const servers = serversOf(at).filter(({ server }) => isEnabled(server));
      // With one server there is nowhere to fail over to, so a check changes nothing for clients.
      if (servers.length < 2) continue;
      for (const { server, path } of servers) {
        if (server.check === true) continue;
        report({
          messageId: 'noCheck',
          path: [...path, 'name'],
          data: { server: server.name, backend: at.backend.name },
        });
      }
    }
  },
});
