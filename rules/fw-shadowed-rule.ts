import { defineRule } from '../src/engine/rule.js';
import { anomalyData, analysisOf, relatedLocations } from '../src/firewall/analysis/report.js';

export default defineRule({
  id: 'fw-shadowed-rule',
  domain: 'firewall',
  description: 'Reports rules that never match because earlier rules decide their packets differently',
  severity: 'error',
  profile: 'recommended',
  messages: {
    shadowed: {
      message:
        'Rule `{{rule}}` never matches: earlier rules {{related}} decide every packet it matches, some with another verdict; for example {{witness}} gets {{verdict}} from {{first}}{{note}}',
      fix: 'Move `{{rule}}` above {{first}} if its verdict should win, or delete it if the earlier verdict is intended.',
    },
    afterTerminal: {
      message: 'Rule `{{rule}}` is unreachable: {{first}} before it matches every packet and ends the chain',
      fix: 'Move `{{rule}}` above {{first}}, or delete it.',
    },
  },
  check({ data, report }) {
    for (const anomaly of analysisOf(data).anomalies) {
      if (anomaly.kind !== 'shadowed' && anomaly.kind !== 'afterTerminal') continue;
      report({
        messageId: anomaly.kind,
        path: anomaly.rule.path,
        data: anomalyData(anomaly),
        related: relatedLocations(anomaly.related, anomaly.kind === 'shadowed' ? 'decided earlier by' : 'ends the chain'),
      });
    }
  },
});
