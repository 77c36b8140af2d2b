import { defineRule } from '../src/engine/rule.js';
import { ANY_ADDRESS, isAddressLiteral, rulesOf } from '../src/firewall/objects.js';
import { formatPrefix, parseBlock, parsePrefix } from '../src/util/ip.js';

export default defineRule({
  id: 'fw-invalid-address',
  domain: 'firewall',
  description: 'Reports addresses that do not parse and prefixes with host bits set',
  severity: 'error',
  profile: 'recommended',
  messages: {
    invalid: {
      message: '`{{value}}` is not a valid address, prefix or range',
      fix: 'Write an IPv4 or IPv6 address, a prefix such as 198.51.100.0/24, or a range such as 192.0.2.10-192.0.2.20.',
    },
    hostBits: {
      message: '`{{value}}` has host bits set; the prefix means {{network}}',
      fix: 'Write `{{network}}`, or a /32 (/128) if a single host was meant.',
    },
  },
  check({ data, report }) {
    const check = (value: string, path: (string | number)[]): void => {
      if (ANY_ADDRESS.has(value.toLowerCase()) || !isAddressLiteral(value)) {
        return;
      }
      if (!parseBlock(value)) {
        report({ messageId: 'invalid', path, data: { value } });
        return;
      }
      const prefix = value.includes('/') ? parsePrefix(value) : undefined;
      if (prefix?.hostBitsSet) {
        report({ messageId: 'hostBits', path, data: { value, network: formatPrefix(prefix) } });
      }
    };
    const checkList = (value: string | string[] | undefined, path: (string | number)[]): void => {
      if (Array.isArray(value)) value.forEach((item, index) => check(item, [...path, index]));
      else if (value !== undefined) check(value, path);
    };

    checkList(data.management, ['management']);
    for (const [name, value] of Object.entries(data.objects?.addresses ?? {})) {
      checkList(value, ['objects', 'addresses', name]);
    }
    for (const { rule, path } of rulesOf(data)) {
      checkList(rule.source, [...path, 'source']);
      checkList(rule.destination, [...path, 'destination']);
    }
  },
});
