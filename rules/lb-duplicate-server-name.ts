import { defineRule } from '../src/engine/rule.js';
import { backendsOf, serversOf } from '../src/loadbalancer/servers.js';
import type { DataPath } from '../src/model.js';

export default defineRule({
  id: 'lb-duplicate-server-name',
  domain: 'loadbalancer',
  description: 'Reports two servers with the same name in one backend',
  severity: 'error',
  profile: 'recommended',
  messages: {
    duplicate: {
      message: 'backend `{{backend}}` already has a server named `{{server}}`',
      fix: 'Give each server of `{{backend}}` its own name, such as its host name.',
    },
  },
  check({ data, report }) {
    for (const at of backendsOf(data)) {
      const first = new Map<string, DataPath>();
      for (const { server, path } of serversOf(at)) {
        const earlier = first.get(server.name);
        if (!earlier) {
          first.set(server.name, path);
          continue;
        }
        report({
          messageId: 'duplicate',
          path: [...path, 'name'],
          data: { backend: at.backend.name, server: server.name },
          related: [
            { path: [...earlier, 'name'], message: `first server named \`${server.name}\`` },
          ],
        });
      }
    }
  },
});
