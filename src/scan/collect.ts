/**
 * The collection script and the parser of its output.
 *
 * One SSH command per host runs a fixed POSIX sh script. Nothing from the inventory is ever put
 * into the command line: managed file paths, package, unit and sysctl names go to the script's
 * stdin as data, one request per line, and the script quotes them as arguments after `--`.
 * Every section of output is base64, so section markers (which contain `@`, absent from base64)
 * cannot be forged by file contents or command output.
 */

/** Bytes kept of each command's stdout on the host; longer output is marked truncated. */
export const SECTION_CAP_BYTES = 16 * 1024 * 1024;

/** Managed files up to this size are read whole, so a drift report can show a diff. */
export const TEXT_CAP_BYTES = 64 * 1024;

/**
 * The script. Read-only commands only. `exec 4>&1` keeps the real stdout on fd 4 so a command's
 * exit status can travel back through a command substitution on fd 3 while its output streams
 * through `head | base64`. On failure the command runs again with only stderr kept, for the message.
 *
 * NOTE: the `rpm` branch has not run against an RPM-based host in the tests, which use Debian.
 */
export const COLLECTION_SCRIPT = `
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LC_ALL=C
export PATH LC_ALL
exec 4>&1
section() {
  name=$1
  shift
  printf '@@driftgate begin %s\\n' "$name"
  status=$( { { "$@" </dev/null 2>/dev/null 4>&-; echo "$?" >&3; } | head -c ${SECTION_CAP_BYTES} | base64 >&4; } 3>&1 )
  printf '@@driftgate end %s %s\\n' "$name" "$status"
  if [ "$status" != 0 ]; then
    printf '@@driftgate stderr %s\\n' "$name"
    "$@" </dev/null 2>&1 >/dev/null | head -c 2048 | base64
  fi
}
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
printf '@@driftgate done\\n'
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
  /** The command wrote at least `SECTION_CAP_BYTES`, so the output may be cut. */
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
  if (section.truncated) return `\`${section.name}\` wrote more than ${SECTION_CAP_BYTES} bytes, so its output was cut`;
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

/** Returns the script's stdin for a request, rejecting values that would break its line format. */
export function encodeRequest(request: CollectionRequest): string {
  const lines: string[] = [];
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

const MARKER = /^@@driftgate (begin|end|stderr|done)(?: (\S+))?(?: (\d+))?$/;

/** Splits the script output into sections in order of appearance. */
export function parseSections(text: string): { sections: Section[]; complete: boolean } {
  const sections: Section[] = [];
  let current: Section | undefined;
  let body: string[] = [];
  let mode: 'output' | 'stderr' | 'none' = 'none';
  let complete = false;
  const flush = () => {
    if (!current) return;
    const decoded = Buffer.from(body.join(''), 'base64');
    if (mode === 'output') {
      current.output = decoded;
      current.truncated = decoded.length >= SECTION_CAP_BYTES;
    } else if (mode === 'stderr') {
      current.stderr = decoded.toString('utf8').trim();
    }
    body = [];
    mode = 'none';
  };
  for (const line of text.split('\n')) {
    const marker = MARKER.exec(line);
    if (!marker) {
      body.push(line.trim());
      continue;
    }
    const [, what, name = '', status] = marker;
    if (what === 'begin') {
      flush();
      current = { name, status: -1, output: Buffer.alloc(0), truncated: false, stderr: '' };
      sections.push(current);
      mode = 'output';
    } else if (what === 'end') {
      flush();
      if (current) current.status = Number(status ?? -1);
    } else if (what === 'stderr') {
      mode = 'stderr';
    } else {
      flush();
      complete = true;
    }
  }
  flush();
  return { sections, complete };
}

/** Assigns parsed sections to the fixed names and to the request lines, in request order. */
export function assignSections(text: string, request: CollectionRequest): CollectionOutput {
  const { sections, complete } = parseSections(text);
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
