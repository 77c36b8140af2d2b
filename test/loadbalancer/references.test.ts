import { describe, expect, it } from 'vitest';

import { sameLoadBalancer } from '../../src/loadbalancer/documents.js';
import {
  backendNamesOf,
  backendReferencesOf,
  isDynamicBackendName,
} from '../../src/loadbalancer/references.js';
import type { LoadedDocument } from '../../src/model.js';
import type { LoadBalancer } from '../../src/types/loadbalancer.js';

function documentOf(data: LoadBalancer, index = 0): LoadedDocument<LoadBalancer> {
  const locator = { locate: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) };
  return { kind: 'loadbalancer', file: 'lb.yaml', format: 'yaml', index, data, locator };
}

describe('isDynamicBackendName', () => {
  it('tells sample expressions from names', () => {
    expect(isDynamicBackendName('be_%[req.hdr(host),lower]')).toBe(true);
    expect(isDynamicBackendName('be_shop')).toBe(false);
  });
});

describe('backendReferencesOf', () => {
  it('lists use rules and defaults in order', () => {
    const document = documentOf({
      kind: 'loadbalancer',
      frontends: [
        {
          name: 'https-in',
          binds: [{ port: 443 }],
          defaultBackend: 'web',
          useBackends: [{ backend: 'api' }],
        },
      ],
    });
    expect(backendReferencesOf(document).map(({ backend, path }) => [backend, path])).toEqual([
      ['web', ['frontends', 0, 'defaultBackend']],
      ['api', ['frontends', 0, 'useBackends', 0, 'backend']],
    ]);
  });
});

describe('sameLoadBalancer', () => {
  const first = documentOf(
    { kind: 'loadbalancer', name: 'edge-lb', backends: [{ name: 'web' }] },
    0,
  );
  const second = documentOf(
    { kind: 'loadbalancer', name: 'edge-lb', backends: [{ name: 'api' }] },
    1,
  );
  const other = documentOf(
    { kind: 'loadbalancer', name: 'core-lb', backends: [{ name: 'db' }] },
    2,
  );
  const unnamed = documentOf({ kind: 'loadbalancer', backends: [{ name: 'misc' }] }, 3);
  const unnamedToo = documentOf({ kind: 'loadbalancer' }, 4);
  const all = [first, second, other, unnamed, unnamedToo];

  it('groups documents by name', () => {
    expect(sameLoadBalancer(second, all)).toEqual([first, second]);
    expect(backendNamesOf(sameLoadBalancer(first, all))).toEqual(['web', 'api']);
  });

  it('groups unnamed documents together', () => {
    expect(sameLoadBalancer(unnamedToo, all)).toEqual([unnamed, unnamedToo]);
  });
});
