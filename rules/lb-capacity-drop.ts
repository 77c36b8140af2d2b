import { defineRule } from '../src/engine/rule.js';
import { backendCapacity } from '../src/gate/impact/loadbalancer.js';

export default defineRule({
  id: 'lb-capacity-drop',
  domain: 'loadbalancer',
  description: 'Reports changes that cut the active server weight of a backend by half or more',
  severity: 'warning',
  profile: 'recommended',
  requiresBase: true,
  options: {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxDropShare: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'Largest share of capacity a change may remove without a finding.' },
      },
    },
    defaults: { maxDropShare: 0.5 },
  },
  messages: {
    drop: {
      message: 'backend {{backend}} loses {{percent}}% of its capacity: active server weight {{before}} → {{after}}',
      fix: 'Check the remaining servers can carry peak load; stage the removal, or waive this finding with the capacity plan as reason.',
    },
  },
  check({ data, base, options, report }) {
    const before = new Map((base?.data.backends ?? []).map((backend) => [backend.name, backendCapacity(backend)]));
    (data.backends ?? []).forEach((backend, index) => {
      const old = before.get(backend.name);
      if (old === undefined || old === 0) return;
      const now = backendCapacity(backend);
      const dropped = (old - now) / old;
      if (dropped >= options.maxDropShare) {
        report({
          messageId: 'drop',
          path: ['backends', index, 'servers'],
          data: { backend: backend.name, before: old, after: now, percent: Math.round(dropped * 100) },
        });
      }
    });
  },
});
