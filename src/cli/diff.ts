/** `driftgate diff DESIRED LIVE`: compares two files of one domain offline. */
import { parseArgs } from 'node:util';

import { diffFiles, type OfflineDiff } from '../scan/offline-diff.js';
import { EXIT, UsageError } from './errors.js';

export const diffHelp = `Usage: driftgate diff DESIRED LIVE [options]

Compares two files of one domain by meaning, not by text: two firewall dumps or policies
(iptables-save, ip6tables-save, nft -j list ruleset, nft list ruleset text or nftables.conf,
canonical YAML/JSON), two DNS zones (zone file or AXFR dump), routing (netplan, ip -j route,
canonical), haproxy.cfg against canonical load-balancer YAML, or sshd_config against
"sshd -T" output. Formats are recognised by name and content.

Options:
  --format text|json  output format (default: text)
  --origin NAME       zone origin for both zone files, in place of the one their file names
                      give (such as a copy saved as db.example.com.old)
  -h, --help          show this help

Exit codes: 0 equivalent, 1 different, 2 a file cannot be read or the domains differ.
`;

/** Runs `driftgate diff` and returns its exit code. */
export async function runDiff(args: string[], cwd: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      origin: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(diffHelp);
    return EXIT.clean;
  }
  if (positionals.length !== 2) throw new UsageError(`diff needs two files, DESIRED and LIVE, got ${positionals.length}; run "driftgate diff --help".`);
  if (values.format !== 'text' && values.format !== 'json') {
    throw new UsageError(`invalid --format "${values.format}"; use text or json.`);
  }
  const result = diffFiles(positionals[0]!, positionals[1]!, cwd, values.origin === undefined ? {} : { origin: values.origin });
  process.stdout.write(values.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatText(result, positionals));
  return result.differences.length === 0 ? EXIT.clean : EXIT.findings;
}

function formatText(result: OfflineDiff, files: string[]): string {
  const header = `${files[0]} (${result.desiredFormat}) vs ${files[1]} (${result.liveFormat}), ${result.domain}`;
  const warnings = result.warnings.map((warning) => `  warning: ${warning}\n`).join('');
  if (result.differences.length === 0) return `${header}: equivalent\n${warnings}`;
  const lines = result.differences.map((difference) => `  ${difference.object}: expected ${difference.expected}; actual ${difference.actual}`);
  return `${header}: ${result.differences.length} difference(s)\n${lines.join('\n')}\n${warnings}`;
}
