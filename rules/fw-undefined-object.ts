import { defineRule } from '../src/engine/rule.js';
import type { ReportInput } from '../src/engine/rule.js';
import { ANY_ADDRESS, isAddressLiteral, itemsAt, rulesOf } from '../src/firewall/objects.js';
import type { AddressList } from '../src/types/firewall.js';
import { closestMatch } from '../src/util/text.js';

type Report = (input: ReportInput) => void;

/** Returns ` Did you mean \`x\`?` for a likely typo of a defined name, else an empty string. */
function suggestion(name: string, candidates: Iterable<string>): string {
  const guess = closestMatch(name, candidates);
  return guess === undefined ? '' : ` Did you mean \`${guess}\`?`;
}

/** Reports the names in an address list that are neither literals nor defined address objects. */
function checkAddressNames(
  list: AddressList | undefined,
  path: (string | number)[],
  defined: Set<string>,
  report: Report,
): void {
  for (const { value: item, path: itemPath } of itemsAt(list, path)) {
    const name = item.trim();
    // An ipset lives on the host, outside every file driftgate reads, so its name cannot be
    // checked here. The rule that uses it already counts as matching an unknown subset.
    if (ANY_ADDRESS.has(name.toLowerCase()) || isAddressLiteral(name) || defined.has(name) || name.startsWith('ipset:'))
      continue;
    report({
      messageId: 'address',
      path: itemPath,
      data: { name, hint: suggestion(name, defined) },
    });
  }
}

export default defineRule({
  id: 'fw-undefined-object',
  domain: 'firewall',
  description:
    'Reports references to address objects, service objects and chains that do not exist',
  severity: 'error',
  profile: 'recommended',
  messages: {
    address: {
      message: 'address object `{{name}}` is not defined',
      fix: 'Define `{{name}}` under `objects.addresses`, or correct the name.{{hint}}',
      nativeFix: {
        nft:
          'Declare the set in the table of the rule (`set NAME { type ipv4_addr; ... }`), or correct the name after `@`: nft rejects a rule that names a set its table does not declare.',
      },
    },
    service: {
      message: 'service object `{{name}}` is not defined',
      fix: 'Define `{{name}}` under `objects.services`, or correct the name.{{hint}}',
      nativeFix: {
        nft:
          'Declare the set in the table of the rule (`set NAME { type inet_service; ... }`), or correct the name after `@`: nft rejects a rule that names a set its table does not declare.',
      },
    },
    chain: {
      message: '`{{action}}` target chain `{{name}}` is not defined',
      fix: 'Define chain `{{name}}` under `chains`, or correct the target.{{hint}}',
      nativeFix: {
        iptables:
          'Declare the chain with a `:{{name}} - [0:0]` line in its table, or correct the `-j` or `-g` target.{{hint}}',
      },
    },
    noTarget: {
      message: '`{{action}}` rule has no `target` chain',
      fix: 'Set `target` to the user chain this rule passes packets to.',
    },
  },
  check({ data, report }) {
    const addresses = new Set(Object.keys(data.objects?.addresses ?? {}));
    const services = new Set(Object.keys(data.objects?.services ?? {}));
    const chains = new Set(Object.keys(data.chains ?? {}));

    checkAddressNames(data.management, ['management'], addresses, report);
    for (const [name, members] of Object.entries(data.objects?.addresses ?? {})) {
      checkAddressNames(members, ['objects', 'addresses', name], addresses, report);
    }

    for (const { rule, path } of rulesOf(data)) {
      checkAddressNames(rule.source, [...path, 'source'], addresses, report);
      checkAddressNames(rule.destination, [...path, 'destination'], addresses, report);

      for (const { value: name, path: itemPath } of itemsAt(rule.service, [...path, 'service'])) {
        if (!services.has(name)) {
          report({
            messageId: 'service',
            path: itemPath,
            data: { name, hint: suggestion(name, services) },
          });
        }
      }

      if (rule.action !== 'jump' && rule.action !== 'goto') continue;
      if (rule.target === undefined) {
        report({ messageId: 'noTarget', path: [...path, 'action'], data: { action: rule.action } });
      } else if (!chains.has(rule.target)) {
        const hint = suggestion(rule.target, chains);
        report({
          messageId: 'chain',
          path: [...path, 'target'],
          data: { action: rule.action, name: rule.target, hint },
        });
      }
    }
  },
});
