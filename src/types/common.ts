/* Generated from schemas/ by `npm run gen:types`. Do not edit: change the schema instead. */

/**
 * An IPv4 or IPv6 address, a prefix in CIDR notation (198.51.100.0/24), a range (192.0.2.10-192.0.2.20), `any`, or the name of an address object.
 *
 * This interface was referenced by `CommonDefinitions`'s JSON-Schema
 * via the `definition` "address".
 */
export type Address = string;
/**
 * One address or a list of addresses; an absent list matches any address.
 *
 * This interface was referenced by `CommonDefinitions`'s JSON-Schema
 * via the `definition` "addressList".
 */
export type AddressList = string | Address[];
/**
 * A port number (443) or an inclusive range written `low-high` (1024-65535).
 *
 * This interface was referenced by `CommonDefinitions`'s JSON-Schema
 * via the `definition` "port".
 */
export type Port = number | string;
/**
 * One port or range, or a list of them.
 *
 * This interface was referenced by `CommonDefinitions`'s JSON-Schema
 * via the `definition` "portList".
 */
export type PortList = number | string | Port[];
/**
 * A time span: milliseconds as a number, or a number with a unit (`500ms`, `30s`, `5m`, `1h`, `1d`).
 *
 * This interface was referenced by `CommonDefinitions`'s JSON-Schema
 * via the `definition` "duration".
 */
export type Duration = number | string;
/**
 * An identifier: letters, digits, `.`, `_`, `-`, `:` and `/`.
 *
 * This interface was referenced by `CommonDefinitions`'s JSON-Schema
 * via the `definition` "name".
 */
export type Name = string;

/**
 * Types shared by the driftgate document schemas.
 */
export interface CommonDefinitions {
  [k: string]: unknown;
}
