import { defineRule } from '../src/engine/rule.js';
import { asList, rulesOf } from '../src/firewall/objects.js';
import type { FirewallPolicy } from '../src/types/firewall.js';

/** Collects every name used as an address: in rules, in address objects and in `management`. */
function referencedAddressNames(policy: FirewallPolicy): Set<string> {
  const names = new Set<string>();
  const add = (list: string | string[] | undefined): void => {
    for (const item of asList(list)) names.add(item.trim());
  };
  add(policy.management);
  for (const [objectName, members] of Object.entries(policy.objects?.addresses ?? {})) {
    // An object that lists itself is still unused by anything else.
    for (const member of asList(members)) {
      if (member.trim() !== objectName) names.add(member.trim());
    }
  }
  for (const { rule } of rulesOf(policy)) {
    add(rule.source);
    add(rule.destination);
  }
  return names;
}

export default defineRule({
  id: 'fw-unused-object',
  domain: 'firewall',
  description: 'Reports address and service objects that nothing refers to',
  severity: 'warning',
  profile: 'strict',
  messages: {
    address: {
      message: 'address object `{{name}}` is not used by any rule, object or `management`',
      fix: 'Remove `{{name}}`, or refer to it where it was meant to apply.',
    },
    service: {
      message: 'service object `{{name}}` is not used by any rule',
      fix: 'Remove `{{name}}`, or name it in the `service` of the rule it was meant for.',
    },
  },
  check({ data, report }) {
    const addressNames = referencedAddressNames(data);
    for (const name of Object.keys(data.objects?.addresses ?? {})) {
      if (!addressNames.has(name)) {
        report({
          messageId: 'address',
          path: ['objects', 'addresses', name],
          target: 'key',
          data: { name },
        });
      }
    }

    const serviceNames = new Set(rulesOf(data).flatMap(({ rule }) => asList(rule.service)));
    for (const name of Object.keys(data.objects?.services ?? {})) {
      if (!serviceNames.has(name)) {
        report({
          messageId: 'service',
          path: ['objects', 'services', name],
          target: 'key',
          data: { name },
        });
      }
    }
  },
});
