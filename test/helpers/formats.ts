/** Helpers for format tests: parse text as a named file, and strip live-state metadata. */
import { readFileSync } from 'node:fs';

import type { SourceFormat, ParseOutput } from '../../src/formats/format.js';

/** Parses text with a format as if it came from `file`. */
export function parseText(format: SourceFormat, text: string, file = 'case.txt'): ParseOutput {
  return format.parse(text, { file, absolutePath: `/virtual/${file}`, explicit: true });
}

/**
 * Parses a shared case file. A line with a shell prompt (`$ iptables -S`, `root@host:~# ip
 * route`) is the command the case quotes before the tool output, not output, so it is blanked
 * and the other lines keep their numbers.
 */
export function parseCaseFile(format: SourceFormat, path: string): ParseOutput {
  return parseText(format, readTranscript(path), path.slice(path.lastIndexOf('/') + 1));
}

/**
 * Reads a case file that may be a terminal transcript, blanking its shell prompt lines
 * (`$ iptables -S`, `root@host:~# ip route`) so that line numbers stay those of the file.
 */
export function readTranscript(path: string): string {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => (/^(\$ |\S+@\S+[#$] )/.test(line) ? '' : line))
    .join('\n');
}

/** Returns a deep copy without `counters` keys, which are metadata and never compared. */
export function withoutCounters<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, entry: unknown) => (key === 'counters' ? undefined : entry))) as T;
}

/** Formats findings as `line:column ruleId message` for readable assertion failures. */
export function describeFindings(output: ParseOutput): string[] {
  return output.findings.map((finding) => `${finding.line}:${finding.column} ${finding.ruleId} ${finding.message}`);
}
