import { defineRule } from '../src/engine/rule.js';
import { backendsOf, isActive, isEnabled } from '../src/loadbalancer/servers.js';

export default defineRule({
  id: 'lb-no-active-server',
  domain: 'loadbalancer',
  description: 'Reports backends whose enabled servers are all backups or have weight 0',
  severity: 'error',
  profile: 'recommended',
  messages: {
    allBackup: {
      message:
        'every enabled server of backend `{{backend}}` is a backup, so only the first backup takes traffic',
      fix: 'Remove `backup: true` from the servers of `{{backend}}` that should share the load.',
      nativeFix: {
        haproxy:
          'Remove `backup` from the `server` lines of the `backend {{backend}}` section that should share the load.',
      },
    },
    allZeroWeight: {
      message:
        'no enabled server of backend `{{backend}}` has a weight above 0, so every request fails with 503',
      fix: 'Give at least one server of `{{backend}}` a weight of 1 or more.',
      nativeFix: {
        haproxy:
          'Set `weight 1` or more on at least one `server` line of the `backend {{backend}}` section.',
      },
    },
  },
  check({ data, report }) {
    for (const at of backendsOf(data)) {
      const enabled = (at.backend.servers ?? []).filter(isEnabled);
      // No enabled server at all is lb-backend-without-servers' finding.
      if (enabled.length === 0 || enabled.some(isActive)) continue;
      const primaries = enabled.filter((server) => server.backup !== true);
      const messageId = primaries.length === 0 ? 'allBackup' : 'allZeroWeight';
      report({ messageId, path: [...at.path, 'name'], data: { backend: at.backend.name } });
    }
  },
});
