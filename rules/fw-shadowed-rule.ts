import { defineRule, firewallLineFix } from '../src/engine/rule.js';
import { anomalyData, analysisOf, leadingRelated, relatedLocations } from '../src/firewall/analysis/report.js';

/** Returns true for the actions that decide a packet's fate by themselves. */
function isFinalVerdict(action: string): boolean {
  return action === 'accept' || action === 'drop' || action === 'reject';
}

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
      nativeFix: firewallLineFix(
        'Move line {{findingLine}} above line {{relatedLine}} if its verdict should win, or delete it if the earlier verdict is intended.',
      ),
    },
    stopped: {
      message:
        'Firewall analysis of chain `{{chain}}` stopped after {{seconds}} s at rule `{{rule}}`: this rule and the ones after it were not checked for shadowed, redundant or overlapping rules',
      fix: 'Run again with DRIFTGATE_ANALYSIS_TIME_LIMIT set to more seconds, or split the ruleset into smaller chains.',
    },
    afterTerminal: {
      message: 'Rule `{{rule}}` is unreachable: {{first}} before it matches every packet and ends the chain',
      fix: 'Move `{{rule}}` above {{first}}, or delete it.',
      nativeFix: firewallLineFix(
        'Move line {{findingLine}} above line {{relatedLine}}, or delete it.',
      ),
    },
  },
  check({ data, report }) {
    const analysis = analysisOf(data);
    if (analysis.stopped) {
      const { rule, chain, seconds } = analysis.stopped;
      report({ messageId: 'stopped', severity: 'warning', path: rule.path, data: { chain, rule: rule.label, seconds: seconds.toFixed(0) } });
    }
    for (const anomaly of analysis.anomalies) {
      if (anomaly.kind !== 'shadowed' && anomaly.kind !== 'afterTerminal') continue;
      // A dead rule with the verdict of the rule that ends the chain changes no packet's fate,
      // such as `-i eth0 -j DROP` under a bare `-j DROP`, so it is only a warning.
      const terminal = anomaly.kind === 'afterTerminal' ? anomaly.related[0]?.rule : undefined;
      const sameVerdict = terminal !== undefined && isFinalVerdict(terminal.action) && terminal.action === anomaly.rule.action;
      report({
        messageId: anomaly.kind,
        severity: sameVerdict ? 'warning' : 'error',
        path: anomaly.rule.path,
        data: anomalyData(anomaly),
        related: relatedLocations(leadingRelated(anomaly), anomaly.kind === 'shadowed' ? 'decided earlier by' : 'ends the chain'),
      });
    }
  },
});
