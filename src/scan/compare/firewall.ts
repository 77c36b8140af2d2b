/**
 * Semantic firewall comparison of a scanned host: the collected `iptables-save`,
 * `ip6tables-save` and `nft -j list ruleset` output against the host's firewall documents (any
 * firewall format of the registry). Rules that give every packet the same verdict are equal, so
 * counters, headers, option spellings and the order of independent rules are not drift.
 */
import { compareFirewallSides, formatFirewallDifference, type FirewallDifference, type FirewallSide } from '../../firewall/drift.js';
import { formatFor } from '../../formats/index.js';
import type { LoadedDocument } from '../../model.js';
import { sectionProblem } from '../collect.js';
import type { CollectionOutput } from '../collect.js';
import type { DriftFinding } from '../findings.js';
import type { ResolvedHost } from '../inventory.js';
import { derivedFromRepo } from './host.js';
import type { RepoReader } from './host.js';

/** Collected sections with the firewall, with the name rule locations print for each. */
const LIVE_SECTIONS = [
  { section: 'iptables', file: 'iptables-save' },
  { section: 'ip6tables', file: 'ip6tables-save' },
  { section: 'nft', file: 'nft -j list ruleset' },
] as const;

/** Desired firewall documents of a host, or the findings that keep them from being compared. */
interface DesiredFirewall {
  side: FirewallSide;
  problems: { object: string; actual: string; fix: string }[];
}

/** Compares the host's live firewall with its firewall documents in the repository. */
export function compareFirewall(host: ResolvedHost, collected: CollectionOutput, readRepo: RepoReader): DriftFinding[] {
  if (host.firewall.length === 0) return [];
  const desired = derivedFromRepo(readRepo, `firewall ${host.firewall.join('\n')}`, () => readDesired(host.firewall, readRepo));
  if (desired.problems.length > 0) {
    return desired.problems.map((problem) => ({
      host: host.name,
      kind: 'desired-state-error',
      object: problem.object,
      expected: 'a firewall document',
      actual: problem.actual,
      severity: 'error',
      fix: problem.fix,
    }));
  }
  const live = readLive(host, collected);
  if ('findings' in live) return live.findings;
  return compareFirewallSides(desired.side, live.side).map((difference) => toFinding(host, difference));
}

function toFinding(host: ResolvedHost, difference: FirewallDifference): DriftFinding {
  const fix =
    difference.change === 'newly-allowed'
      ? `Remove or tighten the live rule, or add it to ${host.firewall.join(', ')} if the traffic is intended.`
      : `Apply the firewall documents ${host.firewall.join(', ')} to the host, or change them if the live rule is intended.`;
  return {
    host: host.name,
    kind: 'firewall',
    object: `ipv${difference.family} ${difference.chain}`,
    expected: `${difference.flow}: ${difference.expected}`,
    actual: formatFirewallDifference(difference),
    // Drop against reject changes the client's error, not whether traffic passes.
    severity: difference.change === 'denial-changed' ? 'warning' : 'error',
    fix,
  };
}

function readDesired(paths: string[], readRepo: RepoReader): DesiredFirewall {
  const side: FirewallSide = { label: 'desired', documents: [], texts: new Map() };
  const problems: DesiredFirewall['problems'] = [];
  for (const path of paths) {
    const text = readRepo(path)?.toString('utf8');
    if (text === undefined) {
      problems.push({ object: path, actual: 'not found in the repository', fix: 'Add the file, or correct its path under `firewall` in the inventory.' });
      continue;
    }
    const parsed = parseFirewallText(path, text);
    if (typeof parsed === 'string') {
      problems.push({ object: path, actual: parsed, fix: 'Run `driftgate validate` on the file and fix what it reports.' });
      continue;
    }
    side.documents.push(...parsed);
    side.texts.set(path, text);
  }
  return { side, problems };
}

/**
 * Reads the live firewall sections. A failed `iptables-save` is a collector error. Missing
 * `ip6tables-save` or `nft` output only leaves that source out, because many hosts lack one of
 * the two tools.
 */
function readLive(host: ResolvedHost, collected: CollectionOutput): { side: FirewallSide } | { findings: DriftFinding[] } {
  const side: FirewallSide = { label: 'live', documents: [], texts: new Map() };
  const findings: DriftFinding[] = [];
  for (const { section: name, file } of LIVE_SECTIONS) {
    const section = collected.fixed.get(name);
    const problem = sectionProblem(section);
    if (problem !== undefined || !section) {
      if (name === 'iptables') findings.push(collectorError(host, file, problem ?? '', 'Install iptables on the host or configure sudo for the scan user.'));
      continue;
    }
    const text = section.output.toString('utf8');
    if (text.trim() === '') continue;
    const parsed = parseFirewallText(file, text, name === 'nft' ? 'x.json' : 'x.rules');
    if (typeof parsed === 'string') {
      // NOTE: with iptables-nft, `nft -j` also lists the iptables tables as xt expressions that
      // the nft parser may not understand; iptables-save already covers those rules.
      if (name === 'nft' && side.documents.length > 0) continue;
      findings.push(collectorError(host, file, parsed, `Check that \`${file}\` on the host prints a ruleset driftgate reads; report the line if it does.`));
      continue;
    }
    side.documents.push(...parsed);
    side.texts.set(file, text);
  }
  return findings.length > 0 ? { findings } : { side };
}

function collectorError(host: ResolvedHost, object: string, actual: string, fix: string): DriftFinding {
  return { host: host.name, kind: 'collector-error', object, expected: 'firewall rules', actual, severity: 'error', fix };
}

/**
 * Parses firewall text with the format registry and returns its firewall documents, or why it
 * cannot be compared. `nameHint` replaces the file name for format detection of command output.
 */
export function parseFirewallText(file: string, text: string, nameHint = file): LoadedDocument[] | string {
  const format = formatFor(nameHint, text.slice(0, 8192));
  if (!format) return 'not in a firewall format driftgate reads (canonical YAML/JSON, iptables-save, nft -j JSON)';
  const output = format.parse(text, { file, absolutePath: file, explicit: true });
  const error = output.findings.find((finding) => finding.severity === 'error');
  if (error) return `${format.name} line ${error.line}: ${error.message}`;
  const documents = output.documents.filter((document) => document.kind === 'firewall');
  if (documents.length === 0) return `contains no firewall document (${format.name})`;
  return documents;
}
