/** Change impact per changed document, in terms operators read: flows, servers, routes, records. */
import type { Domain, LoadedDocument } from '../../model.js';

/** One effect of a change. */
export interface ImpactItem {
  domain: Domain;
  /** File of the head revision (of the base revision for removed documents). */
  file: string;
  line: number;
  change: 'added' | 'removed' | 'changed' | 'allowed' | 'denied' | 'capacity' | 'rebound';
  /** One sentence, such as "server web3 added to backend web". */
  text: string;
}

/** Computes the effects of changing `base` into `head`; either may be absent (document added or removed). */
export type ImpactFunction = (base: LoadedDocument | undefined, head: LoadedDocument | undefined) => ImpactItem[];

/** Returns the line of a path in a document, for pointing an impact item at its source. */
export function lineOf(document: LoadedDocument, path: (string | number)[]): number {
  return document.locator.locate(path).line;
}
