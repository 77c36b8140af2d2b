import { defineRule } from '../src/engine/rule.js';
import type { ReportInput } from '../src/engine/rule.js';
import { isNftSetObject, itemsAt, rulesOf } from '../src/firewall/objects.js';
import { MAX_PORT, hasPorts, parsePort, protocolName } from '../src/firewall/ports.js';
import type { PortList, Protocol } from '../src/types/firewall.js';

type Report = (input: ReportInput) => void;

/**
 * Checks one `ports` or `sourcePorts` field against its protocol. `protocol` is null for the
 * ports of an nft port set, whose protocol each rule that uses it supplies.
 */
function checkPortList(
  list: PortList | undefined,
  protocol: Protocol | undefined | null,
  path: (string | number)[],
  report: Report,
): void {
  if (list === undefined) return;
  const field = String(path[path.length - 1]);
  if (protocol === undefined) {
    report({ messageId: 'noProtocol', path, target: 'key', data: { field } });
  } else if (protocol !== null && !hasPorts(protocol)) {
    report({
      messageId: 'protocolWithoutPorts',
      path,
      target: 'key',
      data: { field, protocol: protocolName(protocol) },
    });
  }
  for (const item of itemsAt(list, path)) {
    const parsed = parsePort(item.value);
    if (!parsed.ok)
      report({
        messageId: parsed.problem,
        path: item.path,
        data: { value: String(item.value), max: MAX_PORT },
      });
  }
}

export default defineRule({
  id: 'fw-invalid-port',
  domain: 'firewall',
  description:
    'Reports ports that do not parse, inverted ranges, and ports on protocols without ports',
  severity: 'error',
  profile: 'recommended',
  messages: {
    syntax: {
      message: '`{{value}}` is not a port number or a range `low-high`',
      fix: 'Write a port number such as 443 or an inclusive range such as 1024-65535.',
    },
    tooLarge: {
      message: '`{{value}}` is above {{max}}, the highest port number',
      fix: 'Use port numbers from 0 to {{max}}.',
    },
    inverted: {
      message: 'range `{{value}}` ends below its start',
      fix: 'Write the lower port first, such as `1000-2000`.',
    },
    protocolWithoutPorts: {
      message: '`{{field}}` is given with protocol `{{protocol}}`, which has no ports',
      fix: 'Remove `{{field}}`, or set `protocol` to tcp, udp, sctp, udplite or dccp.',
    },
    noProtocol: {
      message: '`{{field}}` is given without a protocol, so no port match can be built',
      fix: 'Set `protocol` to tcp or udp (one rule for each if both are needed), or use a service object.',
    },
  },
  check({ data, report }) {
    for (const [name, service] of Object.entries(data.objects?.services ?? {})) {
      const path = ['objects', 'services', name];
      const protocol = isNftSetObject(name) ? null : service.protocol;
      checkPortList(service.ports, protocol, [...path, 'ports'], report);
      checkPortList(service.sourcePorts, protocol, [...path, 'sourcePorts'], report);
    }
    for (const { rule, path } of rulesOf(data)) {
      // Ports on the rule itself need the rule's own protocol, because iptables builds `--dport`
      // from `-p`. The protocols of service objects do not count here.
      checkPortList(rule.ports, rule.protocol, [...path, 'ports'], report);
      checkPortList(rule.sourcePorts, rule.protocol, [...path, 'sourcePorts'], report);
    }
  },
});
