/** samples/lab, the desired state that `npm run demo` scans two test hosts against. */
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { validatePaths } from '../../src/engine/run.js';
import { packageRoot } from '../../src/paths.js';
import { loadInventory, resolveHost } from '../../src/scan/inventory.js';
import { labAddresses } from '../../src/lab/harness.js';

describe('samples/lab', () => {
  it('validates clean', async () => {
    const result = await validatePaths(['samples/lab'], { cwd: packageRoot });
    const findings = result.findings.filter((finding) => !finding.suppressed);
    expect(findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId} ${finding.message}`)).toEqual([]);
    expect(result.documents.map((document) => document.kind).sort()).toEqual(['firewall', 'inventory']);
  });

  it('lists the addresses of the demo hosts', () => {
    const inventory = loadInventory(join(packageRoot, 'samples', 'lab', 'inventory.yaml'));
    const addresses = inventory.hosts.map((host) => resolveHost(inventory, host).address);
    // scripts/demo-lab.mjs creates dgdemo-1 and dgdemo-2 in the /20 that starts at 198.18.80.0.
    expect(addresses).toEqual([1, 2].map((index) => labAddresses(index, '198.18.80.0').address));
  });
});
