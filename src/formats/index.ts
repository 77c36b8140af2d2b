/** The source formats driftgate reads, in the order they are tried. */
import { jsonFormat, yamlFormat } from './canonical.js';
import type { SourceFormat } from './format.js';
import { haproxyFormat } from './haproxy.js';
import { iprouteFormat, iprouteTextFormat } from './iproute.js';
import { iptablesFormat } from './iptables.js';
import { netplanFormat } from './netplan.js';
import { nftJsonFormat } from './nftables.js';

/**
 * Native formats come first so that content decides between, say, netplan and canonical
 * YAML; canonical YAML and JSON come last.
 */
export const sourceFormats: SourceFormat[] = [
  iptablesFormat,
  haproxyFormat,
  netplanFormat,
  iprouteFormat,
  iprouteTextFormat,
  nftJsonFormat,
  yamlFormat,
  jsonFormat,
];

/** Returns the format of a file, or undefined when no format reads it. */
export function formatFor(path: string, head: string): SourceFormat | undefined {
  return sourceFormats.find((format) => format.claimsName(path) && format.claimsContent(head, path));
}

/** Returns true when some format could read a file of this name, before looking at content. */
export function isCandidateName(path: string): boolean {
  return sourceFormats.some((format) => format.claimsName(path));
}
