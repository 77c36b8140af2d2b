/** SOA serial arithmetic (RFC 1982): comparing 32-bit serial numbers that wrap around. */

const HALF = 2 ** 31;

/** Returns true when serial `after` is greater than `before` in RFC 1982 serial arithmetic. */
export function serialIncreased(before: number, after: number): boolean {
  return (before < after && after - before < HALF) || (before > after && before - after > HALF);
}
