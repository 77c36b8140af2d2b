import { defineRule } from '../src/engine/rule.js';
import { backendsOf, isEnabled } from '../src/loadbalancer/servers.js';

export default defineRule({
  id: 'lb-backend-without-servers',
  domain: 'loadbalancer',
  description: 'Reports backends that have no servers, or only disabled ones',
  severity: 'error',
  profile: 'recommended',
  messages: {
    noServers: {
      message: 'backend `{{backend}}` has no servers, so every request it receives fails with 503',
      fix: 'Add at least one server to `{{backend}}`, or remove the backend and the rules that use it.',
      nativeFix: {
        haproxy:
          'Add a `server` line to the `backend {{backend}}` section, or remove the section and the `use_backend` and `default_backend` lines that name it.',
      },
    },
    allDisabled: {
      message:
        'every server of backend `{{backend}}` is disabled, so every request it receives fails with 503',
      fix: 'Enable at least one server of `{{backend}}` (remove `disabled: true`).',
      nativeFix: {
        haproxy:
          'Remove `disabled` from at least one `server` line of the `backend {{backend}}` section.',
      },
    },
  },
  check({ data, report }) {
    for (const at of backendsOf(data)) {
      // A backend that sends responses itself, such as a stats page or a redirect, needs no servers.
      if (at.backend.respondsItself === true) continue;
      const servers = at.backend.servers ?? [];
      const names = { backend: at.backend.name };
      if (servers.length === 0) {
        report({ messageId: 'noServers', path: [...at.path, 'name'], data: names });
      } else if (!servers.some(isEnabled)) {
        report({ messageId: 'allDisabled', path: [...at.path, 'name'], data: names });
      }
    }
  },
});
