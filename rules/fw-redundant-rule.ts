import { defineRule, firewallLineFix } from '../src/engine/rule.js';
import { anomalyData, analysisOf, leadingRelated, relatedLocations } from '../src/firewall/analysis/report.js';

export default defineRule({
  id: 'fw-redundant-rule',
  domain: 'firewall',
  description: 'Reports rules whose removal changes no verdict, because other rules give the same one',
  severity: 'warning',
  profile: 'recommended',
  messages: {
    covered: {
      message: 'Rule `{{rule}}` is redundant: earlier rules {{related}} already {{action}} every packet it matches, such as {{witness}}{{note}}',
      fix: 'Delete `{{rule}}`, or narrow the earlier rules if `{{rule}}` was meant to be the only one that matches.',
      nativeFix: firewallLineFix(
        'Delete line {{findingLine}}, or narrow the earlier rule on line {{relatedLine}} if line {{findingLine}} was meant to be the only one that matches.',
      ),
    },
    removable: {
      message:
        'Rule `{{rule}}` is redundant: without it, {{related}} would {{action}} every packet it decides, such as {{witness}}{{note}}',
      fix: 'Delete `{{rule}}`; if it documents intent, keep it and suppress this finding with a reason.',
      nativeFix: firewallLineFix(
        'Delete line {{findingLine}}; if it documents intent, keep it and suppress this finding with a reason.',
      ),
    },
  },
  check({ data, report }) {
    for (const anomaly of analysisOf(data).anomalies) {
      if (anomaly.kind !== 'redundant' && anomaly.kind !== 'removable') continue;
      // A rule that logs what it drops, such as nft's `log prefix "drop: " drop` before a drop
      // policy, changes no verdict but writes the log, so it is not removable.
      if (anomaly.kind === 'removable' && data.chains[anomaly.rule.chain]?.rules?.[anomaly.rule.index]?.logPrefix !== undefined) continue;
      report({
        messageId: anomaly.kind === 'redundant' ? 'covered' : 'removable',
        path: anomaly.rule.path,
        data: anomalyData(anomaly),
        related: relatedLocations(leadingRelated(anomaly), anomaly.kind === 'redundant' ? 'already decided by' : 'also decided by'),
      });
    }
  },
});
