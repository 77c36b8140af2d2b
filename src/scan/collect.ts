/**
 * The collection script and the parser of its output.
 *
 * One SSH command per host runs a fixed POSIX sh script. Nothing from the inventory is ever put
 * into the command line: managed file paths, package, unit and sysctl names go to the script's
 * stdin as data, one request per line, and the script quotes them as arguments after `--`.
 * Section markers contain a random 128-bit boundary that the client sends as the first stdin
 * line of each session. File contents and command output were written before the client chose
 * it, so they cannot forge a marker. The boundary never appears in an argv or the environment of
 * a command, because printf is a shell builtin and the variable is not exported.
 */
import { randomBytes } from 'node:crypto';

/** Managed files up to this size are read whole, so a drift report can show a diff. */
export const TEXT_CAP_BYTES = 64 * 1024;

/**
 * Block size of the script's output. The small writes of the script (a marker, one value) would
 * each become an SSH packet that costs the client CPU to decrypt and parse. With obs larger than
 * ibs, dd collects them into blocks of this size and writes a partial block only at the end
 * (POSIX dd, "obs=" operand).
 */
const OUTPUT_BLOCK_BYTES = 1024 * 1024;

/** Prefix of every marker line; the session's boundary follows it. */
const MARKER_PREFIX = '@@driftgate-';

/**
 * The script. It runs read-only commands only, one process per collected item, and each command
 * writes its stdout straight to the session. Every extra process (a pipe through head or base64,
 * a second run for the error message) would cost the host 0.5 to 1 ms of CPU (measured with
 * /usr/bin/time on a Debian 12 test host). `exec 4>&1` keeps the
 * real stdout on fd 4, so `err=$(cmd 2>&1 >&4)` captures only stderr while stdout streams
 * through, and `$?` after the assignment is the command's exit status (POSIX, Shell Command
 * Language 2.9.1). stderr follows the end marker with its length in bytes (LC_ALL=C), so it
 * cannot forge a marker either. A section has no begin marker: its output starts right after the
 * start marker or the previous section's stderr, which saves one write and often one SSH packet
 * per section.
 *
 * NOTE: the `rpm` branch has not run against an RPM-based host in the tests, which use Debian.
 * NOTE: only the client's session output cap limits stdout. A command's stderr is held whole in a
 * shell variable on the host, and only its first 2048 characters reach a finding.
 */
export const COLLECTION_SCRIPT = `
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LC_ALL=C
export PATH LC_ALL
IFS= read -r boundary
if [ \${#boundary} -ne 32 ]; then
  echo 'driftgate: the first stdin line must be a 32-digit hex boundary' >&2
  exit 2
fi
case $boundary in
  *[!0-9a-f]*)
    echo 'driftgate: the first stdin line must be a 32-digit hex boundary' >&2
    exit 2
    ;;
esac
marker=${MARKER_PREFIX}$boundary
section() {
  name=$1
  shift
  err=$("$@" </dev/null 2>&1 >&4 4>&-)
  status=$?
  printf '\\n%s end %s %s %s\\n%s' "$marker" "$name" "$status" "\${#err}" "$err"
}
{
exec 4>&1
printf '%s start\\n' "$marker"
section iptables iptables-save
section ip6tables ip6tables-save
section nft nft -j list ruleset
section route4 ip -j -4 route show table all
section route6 ip -j -6 route show table all
section addr ip -j addr show
section sshd sshd -T
while IFS=' ' read -r kind value; do
  case $kind in
    file)
      section file.stat stat -c '%a %U %G %s %F' -- "$value"
      section file.sha256 sha256sum -- "$value"
      section file.text head -c ${TEXT_CAP_BYTES + 1} -- "$value"
      ;;
    package)
      if command -v dpkg-query >/dev/null 2>&1; then
        section package dpkg-query -W -f '\${Status}\\t\${Version}\\n' -- "$value"
      else
        section package rpm -q --qf '%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\n' -- "$value"
      fi
      ;;
    service)
      section service.enabled systemctl is-enabled -- "$value"
      section service.active systemctl is-active -- "$value"
      ;;
    sysctl)
      section sysctl sysctl -n -- "$value"
      ;;
  esac
done
printf '%s done\\n' "$marker"
} | dd obs=${OUTPUT_BLOCK_BYTES} 2>/dev/null
`;

/** Objects the script collects beside its fixed sections. */
export interface CollectionRequest {
  files: string[];
  packages: string[];
  services: string[];
  sysctl: string[];
}

/** One section of output: a command's stdout, exit status and, on failure, stderr. */
export interface Section {
  name: string;
  status: number;
  output: Buffer;
  /** The output ended inside this section, so its stdout may be cut. */
  truncated: boolean;
  stderr: string;
}

/** Parsed script output: fixed sections by name, and one list of sections per request line. */
export interface CollectionOutput {
  fixed: Map<string, Section>;
  files: Map<string, { stat?: Section; sha256?: Section; text?: Section }>;
  packages: Map<string, Section>;
  services: Map<string, { enabled?: Section; active?: Section }>;
  sysctl: Map<string, Section>;
  /** False when the output ended before the script's final marker. */
  complete: boolean;
}

/** Returns why a section cannot be used, or undefined when its command succeeded in full. */
export function sectionProblem(section: Section | undefined): string | undefined {
  if (!section) return 'the collection output ended early';
  if (section.truncated) return `\`${section.name}\` output was cut: the session ended before the command finished`;
  if (section.status !== 0) return `\`${section.name}\` failed: ${section.stderr || `exit status ${section.status}`}`;
  return undefined;
}

/** Quotes a string for POSIX sh in single quotes. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Returns the command line that runs the script; it is the same for every host. */
export function collectionCommand(sudo: boolean): string {
  const command = `sh -c ${shellQuote(COLLECTION_SCRIPT)}`;
  return sudo ? `sudo -n ${command}` : command;
}

/** Returns a new random section boundary: 32 lower-case hex digits, one per session. */
export function newBoundary(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Returns the script's stdin: the boundary line, then one line per requested object. Rejects
 * values that would break the line format.
 */
export function encodeRequest(request: CollectionRequest, boundary: string): string {
  if (!/^[0-9a-f]{32}$/.test(boundary)) throw new Error(`invalid section boundary "${boundary}": expected 32 lower-case hex digits`);
  const lines: string[] = [boundary];
  const add = (kind: string, values: string[]) => {
    for (const value of values) {
      if (/[\r\n\0]/.test(value) || value !== value.trim() || value === '') {
        throw new Error(`${kind} "${value}" cannot be collected: line breaks, NUL and surrounding spaces are not allowed`);
      }
      lines.push(`${kind} ${value}`);
    }
  };
  add('file', request.files);
  add('package', request.packages);
  add('service', request.services);
  add('sysctl', request.sysctl);
  return lines.map((line) => `${line}\n`).join('');
}

/** Characters of stderr kept per section, for the message of a failed command. */
const STDERR_KEEP = 2048;

const END_LINE = /^ end (\S+) (\d+) (\d+)$/;

/**
 * Splits the script output into sections in order of appearance. `text` is the output decoded
 * as latin1, so one character is one byte and section output converts back to bytes unchanged.
 */
export function parseSections(text: string, boundary: string): { sections: Section[]; complete: boolean } {
  const marker = `${MARKER_PREFIX}${boundary}`;
  const sections: Section[] = [];
  const start = text.indexOf(`${marker} start\n`);
  if (start < 0) return { sections, complete: false };
  let position = start + marker.length + ' start\n'.length;
  while (!text.startsWith(`${marker} done\n`, position)) {
    // The script prints a newline before the end marker, so the marker starts a line even after
    // output without a final newline. That one newline is not part of the output.
    const endAt = text.indexOf(`\n${marker} end `, position);
    if (endAt < 0) {
      if (position < text.length) sections.push({ name: '', status: -1, output: Buffer.from(text.slice(position), 'latin1'), truncated: true, stderr: '' });
      return { sections, complete: false };
    }
    const endLineStart = endAt + 1 + marker.length;
    const endLineEnd = text.indexOf('\n', endLineStart);
    const end = endLineEnd < 0 ? null : END_LINE.exec(text.slice(endLineStart, endLineEnd));
    if (!end) return { sections, complete: false };
    const stderrLength = Number(end[3]);
    const stderr = text.slice(endLineEnd + 1, endLineEnd + 1 + stderrLength);
    sections.push({
      name: end[1]!,
      status: Number(end[2]),
      output: Buffer.from(text.slice(position, endAt), 'latin1'),
      truncated: false,
      stderr: Buffer.from(stderr.slice(0, STDERR_KEEP), 'latin1').toString('utf8').trim(),
    });
    if (stderr.length < stderrLength) return { sections, complete: false };
    position = endLineEnd + 1 + stderrLength;
  }
  return { sections, complete: true };
}

/** Assigns parsed sections to the fixed names and to the request lines, in request order. */
export function assignSections(text: string, request: CollectionRequest, boundary: string): CollectionOutput {
  const { sections, complete } = parseSections(text, boundary);
  const output: CollectionOutput = { fixed: new Map(), files: new Map(), packages: new Map(), services: new Map(), sysctl: new Map(), complete };
  let position = 0;
  const take = (name: string): Section | undefined => {
    const section = sections[position];
    if (section?.name !== name) return undefined;
    position += 1;
    return section;
  };
  for (const name of ['iptables', 'ip6tables', 'nft', 'route4', 'route6', 'addr', 'sshd']) {
    const section = take(name);
    if (section) output.fixed.set(name, section);
  }
  for (const path of request.files) {
    output.files.set(path, { stat: take('file.stat'), sha256: take('file.sha256'), text: take('file.text') });
  }
  for (const name of request.packages) {
    const section = take('package');
    if (section) output.packages.set(name, section);
  }
  for (const name of request.services) {
    output.services.set(name, { enabled: take('service.enabled'), active: take('service.active') });
  }
  for (const key of request.sysctl) {
    const section = take('sysctl');
    if (section) output.sysctl.set(key, section);
  }
  return output;
}
