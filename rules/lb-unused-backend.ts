import { defineRule } from '../src/engine/rule.js';
import { backendsOf } from '../src/loadbalancer/servers.js';

export default defineRule({
  id: 'lb-unused-backend',
  domain: 'loadbalancer',
  description: 'Reports backends that no frontend uses',
  severity: 'warning',
  profile: 'strict',
  messages: {
    unused: {
      message: 'no frontend uses backend `{{backend}}`',
      fix: 'Remove backend `{{backend}}`, or name it in a frontend\'s `defaultBackend` or `useBackends`.',
    },
  },
  check({ data, report }) {
    const used = new Set<string>();
    let dynamic = false;
    for (const frontend of data.frontends ?? []) {
      if (frontend.defaultBackend !== undefined) used.add(frontend.defaultBackend);
      for (const rule of frontend.useBackends ?? []) {
        used.add(rule.backend);
        dynamic ||= rule.backend.includes('%[');
      }
    }
    // A name built per request (`be_%[req.hdr(host)]`) may reach any backend, so none is unused.
    if (dynamic) return;
    for (const at of backendsOf(data)) {
      if (used.has(at.backend.name)) continue;
      report({ messageId: 'unused', path: [...at.path, 'name'], data: { backend: at.backend.name } });
    }
  },
});
