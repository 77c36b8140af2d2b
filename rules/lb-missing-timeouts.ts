import { defineRule } from '../src/engine/rule.js';
import { backendsOf } from '../src/loadbalancer/servers.js';
import {
  type TimeoutName,
  effectiveMode,
  effectiveTimeout,
  missingBackendTimeouts,
} from '../src/loadbalancer/timeouts.js';
import type { Mode } from '../src/types/loadbalancer.js';
import { listWords } from '../src/util/text.js';

/** Describes the settings that fix missing backend timeouts, with typical values. */
function describeSettings(missing: readonly TimeoutName[], mode: Mode): string {
  const examples: Partial<Record<TimeoutName, string>> = {
    connect: '`timeouts.connect` (such as 5s)',
    server:
      mode === 'tcp'
        ? '`timeouts.server` (such as 30s) or `timeouts.tunnel`'
        : '`timeouts.server` (such as 30s)',
  };
  return listWords(
    missing.map((name) => examples[name] ?? `\`timeouts.${name}\``),
    'and',
  );
}

/** Describes the same settings as HAProxy `timeout` directives. */
function describeDirectives(missing: readonly TimeoutName[], mode: Mode): string {
  const examples: Partial<Record<TimeoutName, string>> = {
    connect: '`timeout connect 5s`',
    server: mode === 'tcp' ? '`timeout server 30s` (or `timeout tunnel`)' : '`timeout server 30s`',
  };
  return listWords(
    missing.map((name) => examples[name] ?? `\`timeout ${name}\``),
    'and',
  );
}

export default defineRule({
  id: 'lb-missing-timeouts',
  domain: 'loadbalancer',
  description:
    'Reports frontends without a client timeout and backends without connect or server timeouts',
  severity: 'warning',
  profile: 'recommended',
  messages: {
    frontend: {
      message: 'frontend `{{name}}` has no client timeout, in its own settings or in defaults',
      fix: 'Set `timeouts.client` (such as `30s`) in `defaults` or on frontend `{{name}}`.',
      nativeFix: {
        haproxy: 'Add `timeout client 30s` to the `frontend {{name}}` section or to the `defaults` section it inherits.',
      },
    },
    backend: {
      message:
        'backend `{{name}}` has no {{missing}} timeout{{plural}}, in its own settings or in defaults',
      fix: 'Set {{settings}} in `defaults` or on backend `{{name}}`.',
      nativeFix: {
        haproxy: 'Add {{directives}} to the `backend {{name}}` section or to the `defaults` section it inherits.',
      },
    },
  },
  check({ data, report }) {
    (data.frontends ?? []).forEach((frontend, index) => {
      const path = ['frontends', index];
      if (effectiveTimeout(data, frontend.timeouts, path, 'client')) return;
      report({ messageId: 'frontend', path: [...path, 'name'], data: { name: frontend.name } });
    });

    for (const { backend, path } of backendsOf(data)) {
      // HAProxy only warns about backends that have servers, and lb-backend-without-servers
      // reports the empty ones.
      if ((backend.servers ?? []).length === 0) continue;
      const mode = effectiveMode(data, backend.mode);
      const missing = missingBackendTimeouts(data, backend.timeouts, mode, path);
      if (missing.length === 0) continue;
      report({
        messageId: 'backend',
        path: [...path, 'name'],
        data: {
          name: backend.name,
          missing: listWords(missing, 'and'),
          plural: missing.length > 1 ? 's' : '',
          settings: describeSettings(missing, mode),
          directives: describeDirectives(missing, mode),
        },
      });
    }
  },
});
