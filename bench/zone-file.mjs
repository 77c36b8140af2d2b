// The generated zone that the zone benches read.
import { writeFileSync } from "node:fs";

/**
 * Writes a zone of about `records` records with a realistic mix of types, relative names, TTLs
 * and multi-line entries, and returns its record count.
 */
export function writeZone(path, records) {
  const lines = [
    "$TTL 3600",
    "$ORIGIN example.com.",
    "@ IN SOA ns1 hostmaster ( 2026120401 ; serial",
    "  3600 900 604800 300 )",
    "  NS ns1",
    "  NS ns2",
    "ns1 A 192.0.2.1",
    "ns2 A 192.0.2.2",
  ];
  let count = 5;
  for (let index = 0; count < records; index += 1) {
    const host = `host${index}`;
    const octet = index % 254;
    lines.push(`${host} 300 IN A 198.51.100.${octet + 1}`);
    lines.push(`\tAAAA 2001:db8::${(index % 65535).toString(16)}`);
    lines.push(`www.${host} CNAME ${host}`);
    lines.push(`${host} MX 10 ${host} ; the host takes its own mail`);
    lines.push(
      `${host} TXT ( "v=spf1 ip4:198.51.100.${octet + 1}"`,
      '  "-all" )',
    );
    count += 5;
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
  return count;
}
