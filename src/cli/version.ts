/** driftgate's own version, from package.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { packageRoot } from '../paths.js';

/** Version string of this driftgate installation. */
export const toolVersion = (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
