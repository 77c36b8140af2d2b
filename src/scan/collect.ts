/**
 * The collection script and the parser of its output.
 *
 * One SSH command per host runs a fixed POSIX sh script. Nothing from the inventory is ever put
 * into the command line: managed file paths, package, unit, sysctl and zone names go to the
 * script's stdin as data, one request per line, and the script quotes them as arguments after
 * `--` (dig takes a zone name after `-q`).
 * Section markers contain a random 128-bit boundary that the client sends as the first stdin
 * line of each session. File contents and command output were written before the client chose
 * it, so they cannot forge a marker. The boundary never appears in an argv or the environment of
 * a command, because printf is a shell builtin and the variable is not exported.
 */
import { randomBytes } from 'node:crypto';

import { splitPackages, splitServices } from './batch.js';

/** Managed files up to this size are read whole, so a drift report can show a diff. */
export const TEXT_CAP_BYTES = 64 * 1024;

/**
 * Load-balancer configs and zone files are parsed, not diffed line by line, so they are read up
 * to this larger size.
 */
export const CONTENT_CAP_BYTES = 8 * 1024 * 1024;

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
 * The script. It runs read-only commands only: one process for all managed files' stat, one for
 * their sha256sum, one `ip` for routes and addresses, one per batch of packages and of units, and
 * one per other collected item.
 * Most commands write their stdout straight to the session, and the batched file commands are
 * split into one section per file on the host. Every extra process (a pipe through head or
 * base64, a second run for the error message) would cost the host 0.5 to 1 ms of CPU (measured
 * with /usr/bin/time on a Debian 12 test host). `exec 4>&1` keeps the real stdout on fd 4, so
 * `err=$(cmd 2>&1 >&4)` captures only stderr while stdout streams through, and `$?` after the
 * assignment is the command's exit status (POSIX, Shell Command Language 2.9.1). stderr follows
 * the end marker with its length in bytes (LC_ALL=C), so it cannot forge a marker either. A
 * section has no begin marker: its output starts right after the start marker or the previous
 * section's stderr, which saves one write and often one SSH packet per section.
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
# A section whose command reads the stdin that the caller gives it.
section_in() {
  name=$1
  shift
  err=$("$@" 2>&1 >&4 4>&-)
  status=$?
  printf '\\n%s end %s %s %s\\n%s' "$marker" "$name" "$status" "\${#err}" "$err"
}
# A managed file: its digest, and its first bytes only when the digest is not the expected one,
# which saves the host one process per file without drift. The digest is captured whole
# because sha256sum prints either the digest line or an error, never both.
managed() {
  expected=$1
  shift
  section file.stat stat -c '%a %U %G %s %F' -- "$1"
  digest=$(sha256sum -- "$1" </dev/null 2>&1 4>&-)
  status=$?
  if [ "$status" -eq 0 ]; then
    printf '%s\\n%s end file.sha256 0 0\\n' "$digest" "$marker"
  else
    printf '\\n%s end file.sha256 %s %s\\n%s' "$marker" "$status" "\${#digest}" "$digest"
  fi
  file_text "$expected" "$status" "$digest" "$1"
}
# Writes the first bytes of file $4, unless sha256sum (status $2, line $3) printed the expected
# digest $1.
file_text() {
  case $2:$3 in
    "0:$1 "*) ;;
    *) section file.text head -c ${TEXT_CAP_BYTES + 1} -- "$4" ;;
  esac
}
nl='
'
# All managed files of the request in one stat and one sha256sum process, which saves the host
# about 1 ms of CPU per process. "$@" are the paths in request order, and $expects holds one word
# per path: the expected digest, - to read the text whatever the digest, or = for stat only.
# Each command's stdout and stderr come back in one capture; an error line starts with the
# command's name, an output line with a digit (stat) or a hex digest (sha256sum). builtin tests
# tell which paths should fail, and lines go to paths in order. The sections are those that
# managed and stat-only paths write one by one, so the client reads them the same way. When a
# line does not name its path, or the counts do not match (a file changed between the test and
# the command), every path runs its own commands instead.
files() {
  stats=$(stat -c '%a %U %G %s %F %n' -- "$@" </dev/null 2>&1 4>&-)
  hashes "$@"
  if files_walk check "$@"; then
    files_walk emit "$@"
  else
    words=$expects
    for path do
      word=\${words%% *}
      words=\${words#* }
      if [ "$word" = = ]; then
        section file.stat stat -c '%a %U %G %s %F' -- "$path"
      else
        managed "$word" "$path"
      fi
    done
  fi
}
# Sets $sums to the sha256sum output and errors of the paths that are not stat only.
hashes() {
  words=$expects
  for path do
    shift
    word=\${words%% *}
    words=\${words#* }
    [ "$word" = = ] || set -- "$@" "$path"
  done
  sums=
  if [ $# -gt 0 ]; then
    sums=$(sha256sum -- "$@" </dev/null 2>&1 4>&-)
  fi
}
# Splits $1 into output lines ($out) and error lines starting with $2 ($bad), each line ending
# in a newline.
split_lines() {
  out=
  bad=
  rest=$1
  while [ -n "$rest" ]; do
    line=\${rest%%"$nl"*}
    rest=\${rest#"$line"}
    rest=\${rest#"$nl"}
    case $line in
      "$2"*) bad=$bad$line$nl ;;
      *) out=$out$line$nl ;;
    esac
  done
}
# With $1 = check, returns 1 when a line of $stats or $sums does not belong to its path; with
# $1 = emit, writes the sections.
files_walk() {
  mode=$1
  shift
  split_lines "$stats" 'stat: '
  stat_out=$out
  stat_bad=$bad
  split_lines "$sums" 'sha256sum: '
  sum_out=$out
  sum_bad=$bad
  words=$expects
  for path do
    word=\${words%% *}
    words=\${words#* }
    if [ -e "$path" ] || [ -h "$path" ]; then
      [ -n "$stat_out" ] || return 1
      line=\${stat_out%%"$nl"*}
      stat_out=\${stat_out#*"$nl"}
      attributes=\${line%" $path"}
      [ "$attributes" != "$line" ] || return 1
      [ "$mode" = check ] || printf '%s\\n\\n%s end file.stat 0 0\\n' "$attributes" "$marker"
    else
      [ -n "$stat_bad" ] || return 1
      line=\${stat_bad%%"$nl"*}
      stat_bad=\${stat_bad#*"$nl"}
      case $line in
        *"$path"*) ;;
        *) return 1 ;;
      esac
      [ "$mode" = check ] || printf '\\n%s end file.stat 1 %s\\n%s' "$marker" "\${#line}" "$line"
    fi
    [ "$word" != = ] || continue
    if [ -f "$path" ] && [ -r "$path" ]; then
      [ -n "$sum_out" ] || return 1
      line=\${sum_out%%"$nl"*}
      sum_out=\${sum_out#*"$nl"}
      digest=\${line%"  $path"}
      [ "$digest" != "$line" ] && [ \${#digest} -eq 64 ] || return 1
      [ "$mode" = check ] || printf '%s\\n%s end file.sha256 0 0\\n' "$line" "$marker"
      status=0
    else
      [ -n "$sum_bad" ] || return 1
      line=\${sum_bad%%"$nl"*}
      sum_bad=\${sum_bad#*"$nl"}
      case $line in
        *"$path"*) ;;
        *) return 1 ;;
      esac
      [ "$mode" = check ] || printf '\\n%s end file.sha256 1 %s\\n%s' "$marker" "\${#line}" "$line"
      status=1
    fi
    [ "$mode" = check ] || file_text "$word" "$status" "$line" "$path"
  done
  [ -z "$stat_out$stat_bad$sum_out$sum_bad" ]
}
{
exec 4>&1
printf '%s start\\n' "$marker"
# test is a shell builtin, so it needs no section of its own, which would fork a subshell for it.
if [ -d /run/systemd/system ]; then
  status=0
else
  status=1
fi
printf '\\n%s end systemd %s 0\\n' "$marker" "$status"
# True when awk may read packages from dpkg's status file in place of dpkg-query, which loads
# the whole package database and cost about 5 ms more host CPU than awk on a Debian 12 test host
# with 732 packages (perf stat): awk and the file are there, no dpkg journal entry (updates/NNNN)
# waits to be merged into it, and no name has a character that dpkg-query reads as a pattern.
# Outside patterns, dpkg-query -W (dpkg 1.21) matches a name to Package or to
# Package:Architecture exactly, as the awk program does, and prints nothing for other names.
dpkg_direct() {
  [ -r /var/lib/dpkg/status ] && command -v awk >/dev/null 2>&1 || return 1
  for entry in /var/lib/dpkg/updates/*; do
    case \${entry##*/} in
      '' | *[!0-9]*) ;;
      *) return 1 ;;
    esac
  done
  for name do
    case $name in
      *[][*?\\\\]*) return 1 ;;
    esac
  done
}
# Packages and units are queried in one batch per kind, because the scan bench (npm run bench)
# measured about 6 ms of host CPU per systemctl or dpkg-query process.
# The client sends request lines grouped by kind, so a change of kind ends a batch.
flush() {
  case $pending in
    package)
      if command -v dpkg-query >/dev/null 2>&1 && dpkg_direct "$@"; then
        # The fields dpkg-query -W prints below, in the same format, from each paragraph of the
        # status file whose Package, or Package:Architecture, is one of the names on stdin. The
        # operand RS= puts awk in paragraph mode for the status file, one record per package, so
        # it looks for fields only in the records of requested packages. On a Debian 12 test host
        # with 732 packages, that took 1.6 ms of CPU where testing every line took 3.4 ms (perf stat).
        # dpkg writes each field on a line of its own, and continuation lines start with a space.
        section_in packages awk '
          function field(key,   position, rest) {
            if (substr($0, 1, length(key) + 2) == key ": ") {
              rest = substr($0, length(key) + 3)
            } else {
              position = index($0, "\\n" key ": ")
              if (!position) return ""
              rest = substr($0, position + length(key) + 3)
            }
            position = index(rest, "\\n")
            return position ? substr(rest, 1, position - 1) : rest
          }
          NR == FNR { wanted[$0] = 1; if (index($0, ":")) qualified = 1; next }
          {
            name = field("Package")
            if (name in wanted) {
              arch = field("Architecture")
            } else if (qualified) {
              arch = field("Architecture")
              if (!((name ":" arch) in wanted)) next
            } else {
              next
            }
            print name ":" arch "\\t" field("Status") "\\t" field("Version")
          }' - RS= /var/lib/dpkg/status <<EOF
$names
EOF
      elif command -v dpkg-query >/dev/null 2>&1; then
        section packages dpkg-query -W -f '\${Package}:\${Architecture}\\t\${Status}\\t\${Version}\\n' -- "$@"
      else
        section packages rpm -q --qf '%{NAME}\\tinstalled\\t%{EPOCHNUM}:%{VERSION}-%{RELEASE}\\n' -- "$@"
      fi
      ;;
    file)
      files "$@"
      ;;
    service)
      section units.enabled systemctl list-unit-files --no-legend --no-pager --full -- "$@"
      # sd_booted(3): systemd is the running init exactly when /run/systemd/system exists.
      if [ -d /run/systemd/system ]; then
        section units.active systemctl is-active -- "$@"
      fi
      ;;
  esac
}
pending=
expects=
names=
set --
while IFS=' ' read -r kind value; do
  group=$kind
  if [ "$kind" = stat ]; then
    group=file
  fi
  if [ "$group" != "$pending" ]; then
    flush "$@"
    set --
    pending=
    expects=
    names=
  fi
  case $kind in
    collect)
      case $value in
        firewall)
          section iptables iptables-save
          section nft nft -j list ruleset
          ;;
        ip6tables)
          section ip6tables ip6tables-save
          ;;
        routes)
          # One ip process for the three queries. The root filters keep one address family per
          # query, as -4 and -6 would; batch lines take no options.
          section_in ip ip -j -b - <<'EOF'
route show table all root 0.0.0.0/0
route show table all root ::/0
address show
EOF
          ;;
        sshd)
          section sshd sshd -T
          ;;
      esac
      ;;
    file)
      # The line is the expected digest of the file's content, or -, then the path.
      pending=file
      expects="$expects\${value%% *} "
      set -- "$@" "\${value#* }"
      ;;
    stat)
      pending=file
      expects="$expects= "
      set -- "$@" "$value"
      ;;
    content)
      section content head -c ${CONTENT_CAP_BYTES + 1} -- "$value"
      ;;
    axfr)
      if command -v dig >/dev/null 2>&1; then
        section axfr dig @127.0.0.1 +tcp +onesoa +nocmd +nocomments +nostats -t AXFR -q "$value"
      else
        section axfr.no-dig true
      fi
      ;;
    package|service)
      pending=$kind
      set -- "$@" "$value"
      names=$names\${names:+$nl}$value
      ;;
    instance)
      section instance.enabled systemctl is-enabled -- "$value"
      ;;
    sysctl)
      section sysctl sysctl -n -- "$value"
      ;;
  esac
done
flush "$@"
printf '%s done\\n' "$marker"
} | dd obs=${OUTPUT_BLOCK_BYTES} 2>/dev/null
`;

/**
 * Host-wide state the script collects only on request, each with its commands: the firewall
 * (`iptables-save`, `nft -j list ruleset`), the IPv6 iptables rules (`ip6tables-save`), routes
 * and addresses (`ip -j`), and the effective sshd settings (`sshd -T`).
 */
export type CollectorGroup = 'firewall' | 'ip6tables' | 'routes' | 'sshd';

/** Every collector group, in the order the script writes their sections. */
export const COLLECTOR_GROUPS: readonly CollectorGroup[] = ['firewall', 'ip6tables', 'routes', 'sshd'];

/** Objects the script collects. */
export interface CollectionRequest {
  /** Host-wide state to collect; every group when absent. */
  collect?: CollectorGroup[];
  /**
   * Files whose content is compared: stat, sha256sum, and the first TEXT_CAP_BYTES bytes unless
   * the digest is the one in `expectedSha256`.
   */
  files: string[];
  /** SHA-256 of the desired content of files in `files`, as lower-case hex, by path. */
  expectedSha256?: Map<string, string>;
  /** Files compared by existence, mode, owner and group only, so only stat runs for them. */
  stats?: string[];
  packages: string[];
  services: string[];
  sysctl: string[];
  /** Files read whole up to CONTENT_CAP_BYTES: load-balancer configs and zone files. */
  contents?: string[];
  /** Zones transferred from the host's own name server at 127.0.0.1. */
  axfr?: string[];
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
  /**
   * False when systemd is not the running init (/run/systemd/system is missing), so active states
   * were not collected; undefined when the output ended before that test.
   */
  systemdRunning?: boolean;
  contents?: Map<string, Section>;
  /** AXFR output by zone name, or `no-dig` when dig is not installed on the host. */
  axfr?: Map<string, Section | 'no-dig'>;
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
  const check = (kind: string, value: string) => {
    if (/[\r\n\0]/.test(value) || value !== value.trim() || value === '') {
      throw new Error(`${kind} "${value}" cannot be collected: line breaks, NUL and surrounding spaces are not allowed`);
    }
  };
  const add = (kind: string, values: readonly string[]) => {
    for (const value of values) {
      check(kind, value);
      lines.push(`${kind} ${value}`);
    }
  };
  const groups = request.collect ?? COLLECTOR_GROUPS;
  add('collect', COLLECTOR_GROUPS.filter((group) => groups.includes(group)));
  for (const path of request.files) {
    check('file', path);
    const expected = request.expectedSha256?.get(path) ?? '-';
    if (expected !== '-' && !/^[0-9a-f]{64}$/.test(expected)) throw new Error(`invalid SHA-256 "${expected}" for ${path}: expected 64 lower-case hex digits`);
    lines.push(`file ${expected} ${path}`);
  }
  add('stat', request.stats ?? []);
  add('content', request.contents ?? []);
  for (const zone of request.axfr ?? []) {
    // dig gets the name after -q, so it is never read as an option; the check is a second guard.
    if (!ZONE_NAME.test(zone)) throw new Error(`zone "${zone}" cannot be transferred: expected a DNS name of letters, digits, "-" and "_"`);
  }
  add('axfr', request.axfr ?? []);
  add('package', request.packages);
  add('service', request.services.map(unitFileName));
  add('instance', request.services.filter(isUnitInstance));
  add('sysctl', request.sysctl);
  return lines.map((line) => `${line}\n`).join('');
}

/** A DNS name of LDH labels (underscores allowed, as in _dmarc), with or without the final dot. */
const ZONE_NAME = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.)*[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?\.?$/;

/**
 * Returns true for a unit instance such as `getty@tty1.service`. `systemctl list-unit-files` lists
 * only its template, so an instance is checked with its own `systemctl is-enabled`.
 */
export function isUnitInstance(name: string): boolean {
  return /@[^.]/.test(name);
}

/** Suffixes of systemd unit types (systemd.unit(5)). */
const UNIT_SUFFIX = /\.(service|socket|device|mount|automount|swap|target|path|timer|slice|scope)$/;

/**
 * Returns the full unit name: `ssh` becomes `ssh.service`, as `systemctl is-enabled` reads it,
 * because `systemctl list-unit-files` matches the name as a pattern and would list nothing.
 */
export function unitFileName(name: string): string {
  return UNIT_SUFFIX.test(name) ? name : `${name}.service`;
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

/** Sections that the lines of the script's one `ip -j -b -` call fill, in order. */
const IP_BATCH_SECTIONS = ['route4', 'route6', 'addr'];

/**
 * Splits the output of the script's `ip -j -b -` call into the sections `route4`, `route6` and
 * `addr`. Without -p, ip prints each query's JSON on one line and escapes line breaks inside
 * strings, so line n is the output of query n. A failed batch, or output of another number of
 * lines, is given to all three, so the routing comparison reports it as a collector error.
 */
export function splitIpBatch(batch: Section, into: Map<string, Section>): void {
  const lines = batch.output.toString('latin1').split('\n');
  const complete = !batch.truncated && batch.status === 0 && lines.length === IP_BATCH_SECTIONS.length + 1 && lines.at(-1) === '';
  IP_BATCH_SECTIONS.forEach((name, index) => {
    if (!complete) {
      const problem = batch.status === 0 && !batch.truncated ? `expected ${IP_BATCH_SECTIONS.length} lines of JSON, got ${lines.length - 1}` : batch.stderr;
      into.set(name, { ...batch, status: batch.status === 0 && !batch.truncated ? -1 : batch.status, stderr: problem });
      return;
    }
    into.set(name, { name, status: 0, output: Buffer.from(`${lines[index]}\n`, 'latin1'), truncated: false, stderr: '' });
  });
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
  const systemd = take('systemd');
  if (systemd) output.systemdRunning = systemd.status === 0;
  // Sections of groups that were not requested are absent, and so is the rest of a cut output.
  for (const name of ['iptables', 'nft', 'ip6tables', 'ip', 'sshd']) {
    const section = take(name);
    if (!section) continue;
    if (name === 'ip') splitIpBatch(section, output.fixed);
    else output.fixed.set(name, section);
  }
  for (const path of request.files) {
    output.files.set(path, { stat: take('file.stat'), sha256: take('file.sha256'), text: take('file.text') });
  }
  for (const path of request.stats ?? []) output.files.set(path, { stat: take('file.stat') });
  output.contents = new Map();
  for (const path of request.contents ?? []) {
    const section = take('content');
    if (section) output.contents.set(path, section);
  }
  output.axfr = new Map();
  for (const zone of request.axfr ?? []) {
    const section = take('axfr') ?? (take('axfr.no-dig') ? 'no-dig' : undefined);
    if (section) output.axfr.set(zone, section);
  }
  if (request.packages.length > 0) splitPackages(take('packages'), request.packages, output.packages);
  if (request.services.length > 0) {
    const enabled = take('units.enabled');
    const active = output.systemdRunning ? take('units.active') : undefined;
    const instances = new Map(request.services.filter(isUnitInstance).map((name) => [name, take('instance.enabled')]));
    splitServices(request.services, { enabled, active, instances }, output.services);
  }
  for (const key of request.sysctl) {
    const section = take('sysctl');
    if (section) output.sysctl.set(key, section);
  }
  return output;
}
