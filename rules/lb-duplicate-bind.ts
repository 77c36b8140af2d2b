import { defineRule } from '../src/engine/rule.js';
import { type BindAt, bindsOf, bindsOverlap, formatBind } from '../src/loadbalancer/binds.js';
import { sameLoadBalancer } from '../src/loadbalancer/documents.js';

export default defineRule({
  id: 'lb-duplicate-bind',
  domain: 'loadbalancer',
  description: 'Reports frontends that bind the same address and port as another frontend',
  severity: 'warning',
  profile: 'recommended',
  messages: {
    overlap: {
      message:
        'frontend `{{frontend}}` binds {{bind}}, which frontend `{{other}}` already binds as {{otherBind}}',
      fix: 'Give each frontend its own address or port, or merge the two frontends into one.',
    },
  },
  check({ document, documents, report }) {
    // Collect the binds of the same load balancer that come earlier in the run. Each pair is
    // then reported once, at its later bind, whichever document is being checked.
    const earlier: BindAt[] = [];
    for (const candidate of sameLoadBalancer(document, documents)) {
      if (candidate === document) break;
      earlier.push(...bindsOf(candidate));
    }

    for (const at of bindsOf(document)) {
      const other = earlier.find(
        (previous) => previous.frontend !== at.frontend && bindsOverlap(previous.bind, at.bind),
      );
      earlier.push(at);
      if (!other) continue;
      report({
        messageId: 'overlap',
        path: at.path,
        data: {
          frontend: at.frontend,
          bind: formatBind(at.bind),
          other: other.frontend,
          otherBind: formatBind(other.bind),
        },
        related: [
          {
            path: other.path,
            document: other.document,
            message: `frontend \`${other.frontend}\` binds ${formatBind(other.bind)} here`,
          },
        ],
      });
    }
  },
});
