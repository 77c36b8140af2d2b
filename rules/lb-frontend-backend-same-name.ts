import { defineRule } from '../src/engine/rule.js';
import { backendsOf } from '../src/loadbalancer/servers.js';

export default defineRule({
  id: 'lb-frontend-backend-same-name',
  domain: 'loadbalancer',
  description: 'Reports a frontend and a backend that share a name',
  severity: 'warning',
  profile: 'recommended',
  messages: {
    sameName: {
      message: 'backend `{{name}}` has the same name as a frontend',
      fix: 'Rename the backend, for example to `{{name}}_servers`, and update the frontends that use it.',
    },
  },
  check({ data, report }) {
    const frontends = new Map<string, number>();
    (data.frontends ?? []).forEach((frontend, index) => frontends.set(frontend.name, index));
    for (const at of backendsOf(data)) {
      const frontendIndex = frontends.get(at.backend.name);
      if (frontendIndex === undefined) continue;
      report({
        messageId: 'sameName',
        path: [...at.path, 'name'],
        data: { name: at.backend.name },
        related: [{ path: ['frontends', frontendIndex, 'name'], message: `frontend \`${at.backend.name}\`` }],
      });
    }
  },
});
