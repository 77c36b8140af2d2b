import { defineRule } from '../src/engine/rule.js';
import type { ReportInput } from '../src/engine/rule.js';
import { isNftSetObject, itemsAt, rulesOf } from '../src/firewall/objects.js';
import { MAX_MULTIPORT_SLOTS, portSlots } from '../src/firewall/ports.js';
import type { PortList } from '../src/types/firewall.js';

/** Reports a port list with more slots than multiport takes, at the first item past the limit. */
function checkSlots(
  list: PortList | undefined,
  path: (string | number)[],
  report: (input: ReportInput) => void,
): void {
  const items = itemsAt(list, path);
  let total = 0;
  let firstOver: (string | number)[] | undefined;
  for (const item of items) {
    total += portSlots(item.value);
    if (total > MAX_MULTIPORT_SLOTS && firstOver === undefined) firstOver = item.path;
  }
  if (firstOver === undefined) return;
  const field = String(path[path.length - 1]);
  report({
    messageId: 'tooMany',
    path: firstOver,
    data: { field, slots: total, max: MAX_MULTIPORT_SLOTS },
  });
}

export default defineRule({
  id: 'fw-too-many-ports',
  domain: 'firewall',
  description: 'Reports port lists longer than the 15 slots of an iptables multiport match',
  severity: 'error',
  profile: 'recommended',
  messages: {
    tooMany: {
      message:
        '`{{field}}` takes {{slots}} multiport slots, above the limit of {{max}} (a range takes 2)',
      fix: 'Split the list over two rules, or merge neighbouring ports into ranges.',
    },
  },
  check({ data, report }) {
    for (const [name, service] of Object.entries(data.objects?.services ?? {})) {
      // An nft set has no slot limit, unlike the multiport match.
      if (isNftSetObject(name)) continue;
      checkSlots(service.ports, ['objects', 'services', name, 'ports'], report);
      checkSlots(service.sourcePorts, ['objects', 'services', name, 'sourcePorts'], report);
    }
    for (const { rule, path } of rulesOf(data)) {
      checkSlots(rule.ports, [...path, 'ports'], report);
      checkSlots(rule.sourcePorts, [...path, 'sourcePorts'], report);
    }
  },
});
