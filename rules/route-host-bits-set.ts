import { defineRule } from '../src/engine/rule.js';
import { routesOf } from '../src/routing/routes.js';
import { formatPrefix, parseAddress, parsePrefix } from '../src/util/ip.js';

export default defineRule({
  id: 'route-host-bits-set',
  domain: 'routing',
  description: 'Reports route destinations with host bits set and addresses that do not parse',
  severity: 'error',
  profile: 'recommended',
  messages: {
    hostBits: {
      message: 'destination `{{value}}` has host bits set (the network is {{network}})',
      fix: 'Write `{{network}}`, or a /32 (/128) if a single host was meant.',
    },
    invalidPrefix: {
      message: '`{{value}}` is not a valid prefix',
      fix: 'Write an address with a prefix length, such as 198.51.100.0/24 or 2001:db8::/32, or `default`.',
    },
    invalidAddress: {
      message: '`{{value}}` is not a valid address',
      fix: 'Write an IPv4 or IPv6 address such as 192.0.2.1 or 2001:db8::1 (interface addresses with a prefix length).',
    },
  },
  check({ data, report }) {
    const checkAddress = (
      value: string | undefined,
      path: (string | number)[],
      withLength: boolean,
    ): void => {
      if (value === undefined) return;
      const valid = withLength
        ? parsePrefix(value.trim()) !== undefined
        : parseAddress(value.trim()) !== undefined;
      if (!valid) report({ messageId: 'invalidAddress', path, data: { value } });
    };

    (data.interfaces ?? []).forEach((declared, index) => {
      // Interface addresses name a host inside its subnet, so host bits are expected there.
      (declared.addresses ?? []).forEach((address, addressIndex) =>
        checkAddress(address, ['interfaces', index, 'addresses', addressIndex], true),
      );
    });

    for (const { route, path } of routesOf(data)) {
      const destination = route.destination.trim();
      if (destination.toLowerCase() !== 'default') {
        const prefix = parsePrefix(destination);
        if (!prefix) {
          report({
            messageId: 'invalidPrefix',
            path: [...path, 'destination'],
            data: { value: route.destination },
          });
        } else if (prefix.hostBitsSet) {
          report({
            messageId: 'hostBits',
            path: [...path, 'destination'],
            data: { value: route.destination, network: formatPrefix(prefix) },
          });
        }
      }
      checkAddress(route.via, [...path, 'via'], false);
      checkAddress(route.source, [...path, 'source'], false);
      (route.nexthops ?? []).forEach((nextHop, index) =>
        checkAddress(nextHop.via, [...path, 'nexthops', index, 'via'], false),
      );
    }
  },
});
