import { defineRule } from '../src/engine/rule.js';
import {
  BUILTIN_INTERFACES,
  inSubnets,
  interfaceSubnets,
  isLinkLocal,
} from '../src/routing/interfaces.js';
import { nextHopsOf, routesOf } from '../src/routing/routes.js';
import { parseAddress } from '../src/util/ip.js';

export default defineRule({
  id: 'route-next-hop-off-link',
  domain: 'routing',
  description: 'Reports gateways outside every subnet of their interface on routes without onLink',
  severity: 'error',
  profile: 'recommended',
  messages: {
    offLink: {
      message:
        'gateway {{via}} is outside every subnet of {{where}}, so the kernel rejects the route',
      fix: 'Use a gateway inside a subnet of {{where}}, or set `onLink: true` if the gateway is reachable on that link.',
      nativeFix: {
        netplan:
          'Use a gateway inside a subnet of {{where}}, or set `on-link: true` on the route if the gateway is reachable on that link.',
      },
    },
    linkLocalWithoutDev: {
      message:
        'link-local gateway {{via}} has no interface, and the kernel rejects it because fe80::/10 exists on every link',
      fix: 'Set `dev` to the interface the gateway is on.',
    },
  },
  check({ data, report }) {
    // Without declared interfaces the document does not state which subnets are on link.
    if (data.interfaces === undefined) return;
    const subnets = interfaceSubnets(data);
    const allSubnets = [...subnets.values()].flat();
    // A gateway without dev may sit on an interface whose subnets the document leaves out.
    const allKnown = data.interfaces.every((declared) => subnets.has(declared.name));

    for (const at of routesOf(data)) {
      for (const { nextHop, path } of nextHopsOf(at)) {
        const via = nextHop.via?.trim();
        // Invalid gateways are route-host-bits-set's finding, and onLink is the documented way out.
        if (via === undefined || !parseAddress(via) || nextHop.onLink === true) continue;
        if (isLinkLocal(via)) {
          if (nextHop.dev === undefined) {
            report({ messageId: 'linkLocalWithoutDev', path: [...path, 'via'], data: { via } });
          }
          continue;
        }
        const dev = nextHop.dev;
        if (dev === undefined && !allKnown) continue;
        // An undeclared dev is route-undefined-interface's finding. Subnets of lo and of
        // interfaces without `addresses` are unknown, so there is nothing to judge.
        if (dev !== undefined && (!subnets.has(dev) || BUILTIN_INTERFACES.has(dev))) continue;
        const candidates = dev === undefined ? allSubnets : subnets.get(dev)!;
        if (inSubnets(via, candidates)) continue;
        const where = dev === undefined ? 'any declared interface' : `interface ${dev}`;
        report({ messageId: 'offLink', path: [...path, 'via'], data: { via, dev, where } });
      }
    }
  },
});
