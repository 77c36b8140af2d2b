/** The source formats driftgate reads, in the order they are tried. */
import { jsonFormat, yamlFormat } from './canonical.js';
import type { SourceFormat } from './format.js';
import { haproxyFormat } from './haproxy.js';
import { iprouteFormat, iprouteTextFormat } from './iproute.js';
import { iptablesFormat } from './iptables.js';
import { netplanFormat } from './netplan.js';
import { nftTextFormat } from './nft-text.js';
import { nftJsonFormat } from './nftables.js';
import { zoneFormat } from './zone.js';

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
  nftTextFormat,
  zoneFormat,
  yamlFormat,
  jsonFormat,
];

/**
 * Returns the format of a file, or undefined when no format reads it. A file whose name no
 * format claims, such as a zone file without an extension, is recognised by content alone.
 */
export function formatFor(path: string, head: string): SourceFormat | undefined {
  const named = sourceFormats.filter((format) => format.claimsName(path));
  const candidates = named.length > 0 ? named : sourceFormats;
  return candidates.find((format) => format.claimsContent(head, path));
}

/** Returns true when some format could read a file of this name, before looking at content. */
export function isCandidateName(path: string): boolean {
  return sourceFormats.some((format) => format.claimsName(path));
}

/** Returns the format registered under `name`, such as `zone`, or undefined. */
export function formatNamed(name: string): SourceFormat | undefined {
  return sourceFormats.find((format) => format.name === name);
}
