import { MAX_LABEL_OCTETS, MAX_NAME_OCTETS, displayName, longLabels } from '../src/dns/names.js';
import type { DomainName } from '../src/dns/names.js';
import { checkableZones } from '../src/dns/zone-index.js';
import type { DataPath } from '../src/model.js';
import { defineRule } from '../src/engine/rule.js';
import type { ReportInput } from '../src/engine/rule.js';

export default defineRule({
  id: 'dns-name-too-long',
  domain: 'dns',
  description: 'Reports names with a label over 63 octets or a total over 255 octets',
  severity: 'error',
  profile: 'recommended',
  messages: {
    labelTooLong: {
      message: '{{where}} has a label of {{octets}} octets (`{{label}}`); the maximum for a label is 63',
      fix: 'Shorten the label to 63 octets or fewer, or split it into several labels with `.`.',
    },
    nameTooLong: {
      message: '{{where}} `{{name}}` is {{octets}} octets on the wire; the maximum for a name is 255 (about 253 characters)',
      fix: 'Shorten the name: use fewer or shorter labels, or a shorter origin.',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      for (const record of zone.records) {
        if (record.owner && nameTooLong(record.owner)) checkName(record.owner, [...record.path, 'name'], 'owner name', report);
        if (!record.rdata.ok) continue;
        for (const entry of record.rdata.names) {
          if (!nameTooLong(entry.name)) continue;
          checkName(entry.name, [...record.path, 'value'], `${record.type} ${entry.field}`, report);
        }
      }
    }
  },
});

/**
 * Returns true when a name breaks a length limit. A name of at most 63 wire octets cannot hold
 * a long label, so most names are judged by their length alone, without building any list.
 */
function nameTooLong(name: DomainName): boolean {
  return name.wireLength > MAX_LABEL_OCTETS && (name.wireLength > MAX_NAME_OCTETS || longLabels(name).length > 0);
}

/** Reports a name's long labels and its length on the wire (RFC 1035 §2.3.4). */
function checkName(name: DomainName, path: DataPath, where: string, report: (input: ReportInput) => void): void {
  for (const label of longLabels(name)) {
    const shown = label.length > 24 ? `${label.slice(0, 20)}...` : label;
    report({ messageId: 'labelTooLong', path, data: { where, octets: label.length, label: shown, max: MAX_LABEL_OCTETS } });
  }
  if (name.wireLength > MAX_NAME_OCTETS) {
    const text = displayName(name);
    report({ messageId: 'nameTooLong', path, data: { where, name: text.length > 60 ? `${text.slice(0, 30)}...${text.slice(-25)}` : text, octets: name.wireLength } });
  }
}
