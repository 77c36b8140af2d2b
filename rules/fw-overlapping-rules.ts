import { defineRule, firewallLineFix } from '../src/engine/rule.js';
import type { Anomaly } from '../src/firewall/analysis/analyse.js';
import { anomalyData, analysisOf, leadingRelated, relatedLocations } from '../src/firewall/analysis/report.js';
import type { PacketSpace } from '../src/firewall/analysis/space.js';

/**
 * Returns true for a catch-all rule, or when every earlier rule the anomaly names is narrower than the rule in its source
 * or destination: a block or allow list in front of a service rule, written on purpose. An
 * earlier rule with the same addresses but fewer ports means the later rule lists values it can
 * never decide, such as a drop of ports 22 and 23 after an accept of port 22.
 */
function isAddressException(space: PacketSpace, anomaly: Anomaly, family: 4 | 6 | undefined): boolean {
  const { bdd } = space;
  const rule = space.boxes(anomaly.rule.boxes);
  // A catch-all rule is the chain's default verdict; every earlier rule is an exception to it.
  if (rule === space.familyUniverse(family)) return true;
  return anomaly.related.every((related) => {
    if (!related.rule) return false;
    const earlier = space.boxes(related.rule.boxes);
    return (['source', 'destination'] as const).some(
      (field) => !bdd.implies(space.keepField(rule, field), space.keepField(earlier, field)),
    );
  });
}

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
      nativeFix: firewallLineFix(
        'Narrow the rule on line {{findingLine}} or the one on line {{relatedLine}} so they no longer overlap, or swap the two lines so the intended verdict comes first.',
      ),
    },
    generalisation: {
      message:
        'Rule `{{rule}}` ({{action}}) generalises {{related}}, which take part of its match with another verdict, such as {{witness}} ({{verdict}}){{note}}',
      fix: 'Nothing to change if {{first}} is a deliberate exception; otherwise delete the exception.',
      nativeFix: firewallLineFix(
        'Nothing to change if the rule on line {{relatedLine}} is a deliberate exception; otherwise delete that line.',
      ),
    },
  },
  options: {
    schema: {
      type: 'object',
      properties: {
        reportGeneralisations: {
          type: 'boolean',
          description: 'Also report exceptions for narrower addresses placed before a broader rule.',
        },
      },
      additionalProperties: false,
    },
    defaults: { reportGeneralisations: false },
  },
  check({ data, options, report }) {
    const { anomalies, space, model } = analysisOf(data);
    for (const anomaly of anomalies) {
      const family = model.chains.get(anomaly.rule.chain)?.family;
      if (anomaly.kind === 'generalisation' && !options.reportGeneralisations && isAddressException(space, anomaly, family)) continue;
      if (anomaly.kind !== 'correlated' && anomaly.kind !== 'generalisation') continue;
      // Chains that tools such as fail2ban and Docker jump to before the host's own rules come
      // first on purpose, so overlap only with rules of other chains is left alone.
      if (anomaly.related.every((related) => related.rule !== undefined && related.rule.chain !== anomaly.rule.chain)) continue;
      report({
        messageId: anomaly.kind,
        path: anomaly.rule.path,
        data: anomalyData(anomaly),
        related: relatedLocations(leadingRelated(anomaly), 'overlaps with'),
      });
    }
  },
});
