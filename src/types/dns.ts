/* Generated from schemas/ by `npm run gen:types`. Do not edit: change the schema instead. */

/**
 * Default TTL of records that set none.
 */
export type TTL = number | string;
/**
 * Record type such as `A`, `AAAA`, `CNAME`, `MX`, `TXT`, `SOA`, or `TYPEnnn`.
 */
export type RecordType = string;
/**
 * Time to live in seconds, or with units (`1h30m`, `1d`, `2w`).
 *
 * This interface was referenced by `DNSZones`'s JSON-Schema
 * via the `definition` "ttl".
 */
export type TTL1 = number | string;

/**
 * Authoritative zones: origin, default TTL and resource records, SOA and NS among them.
 */
export interface DNSZones {
  /**
   * Path or URL of this schema, for editor completion.
   */
  $schema?: string;
  /**
   * Document kind.
   */
  kind: 'dns';
  description?: string;
  zones: Zone[];
}
/**
 * This interface was referenced by `DNSZones`'s JSON-Schema
 * via the `definition` "zone".
 */
export interface Zone {
  /**
   * Zone apex as a domain name, such as `example.com.`.
   */
  origin: string;
  ttl?: TTL;
  description?: string;
  records: ResourceRecord[];
}
/**
 * This interface was referenced by `DNSZones`'s JSON-Schema
 * via the `definition` "record".
 */
export interface ResourceRecord {
  /**
   * Owner name: `@` for the apex, a name relative to the origin, or an absolute name ending in `.`. A number such as `10` is a relative name, as in reverse zones.
   */
  name: string | number;
  type: RecordType;
  ttl?: TTL1;
  class?: 'IN' | 'CH' | 'HS';
  /**
   * RDATA in zone-file presentation format, such as `10 mail.example.com.` for MX or `"v=spf1 -all"` for TXT.
   */
  value: string | number;
  comment?: string;
}
