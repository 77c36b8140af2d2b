import { defineRule } from '../src/engine/rule.js';
import { anomalyData, analysisOf, relatedLocations } from '../src/firewall/analysis/report.js';

/** Options of fw-overlapping-rules. */
interface Options {
  reportGeneralisations: boolean;
}

export default defineRule<'firewall', Options>({
  id: 'fw-overlapping-rules',
  domain: 'firewall',
  description: 'Reports rules that partly overlap an earlier rule with a different verdict',
  severity: 'warning',
  profile: 'recommended',
  messages: {
    correlated: {
      message:
        'Rule `{{rule}}` ({{action}}) partly overlaps {{related}} with another verdict, so part of its match never applies; for example {{witness}} gets {{verdict}} from {{first}}{{note}}',
      fix: 'Narrow `{{rule}}` or {{first}} so they no longer overlap, or reorder them so the intended verdict comes first.',
    },
    generalisation: {
      message:
        'Rule `{{rule}}` ({{action}}) generalises {{related}}, which take part of its match with another verdict, such as {{witness}} ({{verdict}}){{note}}',
      fix: 'Nothing to change if {{first}} is a deliberate exception; otherwise delete the exception.',
    },
  },
  options: {
    schema: {
      type: 'object',
      properties: { reportGeneralisations: { type: 'boolean', description: 'Also report deliberate-looking exceptions before a broader rule.' } },
      additionalProperties: false,
    },
    defaults: { reportGeneralisations: false },
  },
  check({ data, options, report }) {
    for (const anomaly of analysisOf(data).anomalies) {
      if (anomaly.kind !== 'correlated' && !(anomaly.kind === 'generalisation' && options.reportGeneralisations)) continue;
      report({
        messageId: anomaly.kind,
        path: anomaly.rule.path,
        data: anomalyData(anomaly),
        related: relatedLocations(anomaly.related, 'overlaps with'),
      });
    }
  },
});
