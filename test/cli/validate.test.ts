import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildCli, removeTree, repoRoot, runCli, writeTree } from './helpers.js';

const goodFirewall = `kind: firewall
name: fw1
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: ssh, action: accept, protocol: tcp, ports: 22, source: 198.51.100.0/24 }
      - { id: replies, action: accept, state: [established, related] }
`;

const badFirewall = goodFirewall.replace('198.51.100.0/24', '198.51.100.7/24');

const trees: string[] = [];

function tree(files: Record<string, string>): string {
  const root = writeTree(files);
  trees.push(root);
  return root;
}

beforeAll(() => {
  buildCli();
});

afterAll(() => {
  trees.forEach(removeTree);
});

describe('driftgate validate exit codes', () => {
  it('exits 0 on the clean sample repository', () => {
    const run = runCli(['validate'], join(repoRoot, 'samples/repo'));
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/checked: 0 errors, 0 warnings, 0 infos\n$/);
    expect(run.status).toBe(0);
  });

  it('exits 1 on the broken samples', () => {
    const run = runCli(['validate'], join(repoRoot, 'samples/broken'));
    expect(run.stdout).toContain('fw-invalid-address');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
  });

  it('exits 2 on an unknown flag', () => {
    const run = runCli(['validate', '--bogus'], tree({ 'fw.yaml': goodFirewall }));
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('driftgate: unknown option --bogus; run with --help for the options\n');
    expect(run.status).toBe(2);
  });

  it('exits 2 on an unknown format', () => {
    const run = runCli(['validate', '--format', 'xml'], tree({ 'fw.yaml': goodFirewall }));
    expect(run.stderr).toBe('driftgate: unknown --format "xml"; use one of text, json, sarif, junit, github, markdown\n');
    expect(run.status).toBe(2);
  });

  it('exits 2 on an unknown --fail-on level', () => {
    const run = runCli(['validate', '--fail-on', 'fatal'], tree({ 'fw.yaml': goodFirewall }));
    expect(run.stderr).toBe('driftgate: unknown --fail-on "fatal"; use one of error, warning, info, never\n');
    expect(run.status).toBe(2);
  });

  it('exits 2 on a missing path', () => {
    const run = runCli(['validate', 'nowhere/fw.yaml'], tree({ 'fw.yaml': goodFirewall }));
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('driftgate: nowhere/fw.yaml: no such file or folder\n');
    expect(run.status).toBe(2);
  });

  it('exits 2 on a FIFO instead of waiting on it', () => {
    const root = tree({ 'fw.yaml': goodFirewall });
    execFileSync('mkfifo', [join(root, 'pipe.yaml')]);
    const run = runCli(['validate', 'pipe.yaml'], root);
    expect(run.stderr).toBe(
      'driftgate: pipe.yaml: a FIFO, not a regular file or folder, so driftgate does not read it. Name a regular file or a folder, or save the content to a file first.\n',
    );
    expect(run.status).toBe(2);
  });

  it('exits 2 on a device and names it', () => {
    const run = runCli(['validate', '/dev/null'], tree({ 'fw.yaml': goodFirewall }));
    expect(run.stderr).toContain('/dev/null: a character device, not a regular file or folder');
    expect(run.stderr).toContain('Name a regular file or a folder');
    expect(run.status).toBe(2);
  });

  it('exits 2 with help on stderr without a command', () => {
    const run = runCli([], tree({}));
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('Usage: driftgate COMMAND');
    expect(run.status).toBe(2);
  });

  it('prints help on stdout when asked', () => {
    const run = runCli(['validate', '--help'], tree({}));
    expect(run.stdout).toContain('Usage: driftgate validate');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });

  it('exits 2 on an unknown command', () => {
    const run = runCli(['valdate'], tree({}));
    expect(run.stderr).toContain('unknown command "valdate"');
    expect(run.status).toBe(2);
  });
});

describe('driftgate validate on a folder with nothing to check', () => {
  it('exits 2 on a folder of other files', () => {
    const root = tree({ 'notes/README.md': '# notes\n', 'notes/setup.sh': 'echo hi\n' });
    const run = runCli(['validate', 'notes'], root);
    expect(run.stderr).toContain('driftgate: no file in "notes" is of a format driftgate reads');
    expect(run.stderr).toContain('*.zone, *.db, db.*');
    expect(run.stderr).toContain('docs/formats.md');
    expect(run.stdout).toContain('0 files checked');
    expect(run.status).toBe(2);
  });

  it('exits 2 on YAML without kind', () => {
    const run = runCli(['validate'], tree({ 'ci.yaml': 'on: push\njobs: {}\n' }));
    expect(run.stderr).toContain('driftgate: no file in "." is of a format');
    expect(run.stdout).toContain('0 files checked');
    expect(run.status).toBe(2);
  });

  it('names only the empty folder', () => {
    const root = tree({ 'fw/fw.yaml': goodFirewall, 'dns/README.md': 'zones go here\n' });
    const run = runCli(['validate', 'fw', 'dns'], root);
    expect(run.stderr).toContain('no file in "dns" is of a format');
    expect(run.stderr).not.toContain('"fw"');
    expect(run.status).toBe(2);
  });

  it('does not count driftgate.yaml as checked', () => {
    const config = 'kind: config\nsuppressions:\n  - { rule: fw-invalid-address, reason: lab, expires: 2020-01-01 }\n';
    const run = runCli(['validate'], tree({ 'driftgate.yaml': config }));
    expect(run.stderr).toContain('no file in "." is of a format');
    expect(run.status).toBe(2);
  });

  it('exits 0 on a named file beside it', () => {
    const root = tree({ 'fw.yaml': goodFirewall, 'notes/README.md': '# notes\n' });
    const run = runCli(['validate', 'fw.yaml'], root);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});

describe('driftgate validate --only-recognised', () => {
  const workflow = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n';
  const compose = 'services:\n  web:\n    image: nginx\n';

  it('fails on a named file without kind by default', () => {
    const run = runCli(['validate', 'fw.yaml', 'ci.yml'], tree({ 'fw.yaml': goodFirewall, 'ci.yml': workflow }));
    expect(run.stdout).toContain('unreadable-file');
    expect(run.status).toBe(1);
  });

  it('skips named files without kind and counts them', () => {
    const root = tree({ 'fw.yaml': goodFirewall, 'ci.yml': workflow, 'compose.yaml': compose, 'package.json': '{"name": "x"}\n' });
    const run = runCli(['validate', '--only-recognised', 'fw.yaml', 'ci.yml', 'compose.yaml', 'package.json'], root);
    expect(run.stderr).toContain('driftgate: skipped 3 files that driftgate does not read');
    expect(run.stderr).toContain('ci.yml, compose.yaml, package.json');
    expect(run.stdout).not.toContain('unreadable-file');
    expect(run.stdout).toContain('1 file checked');
    expect(run.status).toBe(0);
  });

  it('skips JSON whose kind is not top-level', () => {
    const tasks = '{ "tasks": [{ "label": "build", "group": { "kind": "build" } }] }\n';
    const run = runCli(['validate', '--only-recognised', 'fw.yaml', 'tasks.json'], tree({ 'fw.yaml': goodFirewall, 'tasks.json': tasks }));
    expect(run.stderr).toContain('skipped 1 file that');
    expect(run.status).toBe(0);
  });

  it('still reports findings in recognised files', () => {
    const run = runCli(['validate', '--only-recognised', 'fw.yaml', 'ci.yml'], tree({ 'fw.yaml': badFirewall, 'ci.yml': workflow }));
    expect(run.stdout).toContain('fw-invalid-address');
    expect(run.status).toBe(1);
  });

  it('skips a Kubernetes manifest', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';
    const run = runCli(['validate', '--only-recognised', 'fw.yaml', 'deploy.yaml'], tree({ 'fw.yaml': goodFirewall, 'deploy.yaml': deployment }));
    expect(run.stderr).toContain('skipped 1 file that');
    expect(run.stdout).not.toContain('unknown-document-kind');
    expect(run.status).toBe(0);
  });

  it('still reports a misspelt kind', () => {
    const run = runCli(['validate', '--only-recognised', 'fw.yaml'], tree({ 'fw.yaml': goodFirewall.replace('kind: firewall', 'kind: firewal') }));
    expect(run.stdout).toContain('did you mean `firewall`?');
    expect(run.stderr).not.toContain('skipped');
    expect(run.status).toBe(1);
  });

  it('still reports a named file that is missing', () => {
    const run = runCli(['validate', '--only-recognised', 'gone.yaml'], tree({ 'fw.yaml': goodFirewall }));
    expect(run.status).toBe(2);
  });
});

describe('driftgate validate --fail-on', () => {
  const files = {
    'driftgate.yaml': 'kind: config\nrules:\n  fw-invalid-address: warning\n',
    'fw.yaml': badFirewall,
  };

  it('passes warnings by default', () => {
    const run = runCli(['validate'], tree(files));
    expect(run.stdout).toContain('warning');
    expect(run.status).toBe(0);
  });

  it('fails on warnings when asked', () => {
    const run = runCli(['validate', '--fail-on', 'warning'], tree(files));
    expect(run.status).toBe(1);
  });

  it('never fails under never', () => {
    const run = runCli(['validate', '--fail-on', 'never'], tree({ 'fw.yaml': badFirewall }));
    expect(run.stdout).toContain('1 error');
    expect(run.status).toBe(0);
  });
});

describe('driftgate validate output', () => {
  it('writes JSON with paths relative to the working folder', () => {
    const root = tree({ 'site/fw.yaml': badFirewall });
    const run = runCli(['validate', '--format', 'json', 'site'], root);
    expect(run.stderr).toBe('');
    const output = JSON.parse(run.stdout);
    expect(output.findings).toHaveLength(1);
    expect(output.findings[0]).toMatchObject({ ruleId: 'fw-invalid-address', file: 'site/fw.yaml', line: 8 });
    expect(output.summary).toMatchObject({ files: 1, errors: 1, warnings: 0, infos: 0 });
    expect(run.status).toBe(1);
  });

  it('writes --output to a file, not stdout', () => {
    const root = tree({ 'fw.yaml': badFirewall });
    const run = runCli(['validate', '--format', 'sarif', '--output', 'out/../result.sarif'], root);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('');
    const log = JSON.parse(readFileSync(join(root, 'result.sarif'), 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results).toHaveLength(1);
    expect(run.status).toBe(1);
  });

  it('exits 2 when --output cannot be written', () => {
    const run = runCli(['validate', '--output', 'missing/dir/result.txt'], tree({ 'fw.yaml': goodFirewall }));
    expect(run.stderr).toBe('driftgate: cannot write --output missing/dir/result.txt (ENOENT); check that its folder exists and is writable\n');
    expect(run.status).toBe(2);
  });

  it('takes the docs URL from the environment', () => {
    const run = runCli(['validate', '--format', 'sarif'], tree({ 'fw.yaml': badFirewall }), {
      DRIFTGATE_DOCS_URL: 'https://docs.example.org/dg',
    });
    const log = JSON.parse(run.stdout);
    const rule = log.runs[0].tool.driver.rules.find((candidate: { id: string }) => candidate.id === 'fw-invalid-address');
    expect(rule.helpUri).toBe('https://docs.example.org/dg/docs/rules/fw-invalid-address.md');
  });

  it('writes annotations relative to the checkout', () => {
    const root = tree({ 'infra/fw.yaml': badFirewall });
    const env = { GITHUB_WORKSPACE: root, GITHUB_SERVER_URL: 'https://git.example.com', GITHUB_REPOSITORY: 'ops/infra', GITHUB_SHA: 'abc123' };
    const github = runCli(['validate', '--format', 'github', '.'], join(root, 'infra'), env);
    expect(github.stdout).toMatch(/^::error file=infra\/fw\.yaml,line=8,col=/);
    const markdown = runCli(['validate', '--format', 'markdown', '.'], join(root, 'infra'), env);
    expect(markdown.stdout).toContain('[line 8:');
    expect(markdown.stdout).toContain('](https://git.example.com/ops/infra/blob/abc123/infra/fw.yaml#L8)');
  });

  it('prints every format without error', () => {
    const root = tree({ 'fw.yaml': badFirewall });
    for (const format of ['text', 'json', 'sarif', 'junit', 'github', 'markdown']) {
      const run = runCli(['validate', '--format', format], root);
      expect(run.stderr, format).toBe('');
      expect(run.stdout, format).toContain('fw-invalid-address');
      expect(run.status, format).toBe(1);
    }
  });
});

describe('driftgate validate with a closed stdout', () => {
  it('exits without a stack trace', async () => {
    const rules = Array.from({ length: 3000 }, (_, index) => `      - { action: accept, source: 198.51.100.${index % 250}/24 }`);
    const root = tree({ 'fw.yaml': `kind: firewall\nchains:\n  input:\n    hook: input\n    policy: drop\n    rules:\n${rules.join('\n')}\n` });
    const child = spawn(process.execPath, [join(repoRoot, 'bin/driftgate.js'), 'validate', '--format', 'sarif'], { cwd: root });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((done) => child.on('close', done));
    expect(stderr).toBe('');
    expect(status).toBe(1);
  });
});

describe('driftgate validate with a broken driftgate.yaml', () => {
  it('exits 2 on a YAML syntax error', () => {
    const run = runCli(['validate'], tree({ 'driftgate.yaml': 'kind: config\nrules: [\n', 'fw.yaml': goodFirewall }));
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^driftgate: the configuration cannot be used:\ndriftgate\.yaml:\d+:\d+: invalid YAML: /);
    expect(run.status).toBe(2);
  });

  it('exits 2 on an unknown rule id with a guess', () => {
    const run = runCli(['validate'], tree({ 'driftgate.yaml': 'kind: config\nrules:\n  fw-invalid-adress: error\n', 'fw.yaml': goodFirewall }));
    expect(run.stderr).toContain('driftgate.yaml:3:3: unknown rule `fw-invalid-adress`; did you mean `fw-invalid-address`?');
    expect(run.status).toBe(2);
  });

  it('lists the severities on a bad one', () => {
    const run = runCli(['validate'], tree({ 'driftgate.yaml': 'kind: config\nrules:\n  fw-redundant-rule: loud\n', 'fw.yaml': goodFirewall }));
    expect(run.stderr).toContain('driftgate.yaml:3:22: `rules.fw-redundant-rule`: `loud` is not a valid fw-redundant-rule; use `off`, `error`, `warning`, `info` or a mapping');
    expect(run.status).toBe(2);
  });

  it('reports unknown rule ids with schema errors', () => {
    const config = [
      'kind: config',
      'rules:',
      '  fw-redundant-rule: loud',
      '  fw-invalid-adress: error',
      'suppressions:',
      '  - rule: fw-shadowed-rul',
      '    reason: waiting for the vendor fix',
      '  - reason: no rule',
      '',
    ].join('\n');
    const run = runCli(['validate'], tree({ 'driftgate.yaml': config, 'fw.yaml': goodFirewall }));
    expect(run.stderr).toContain('driftgate.yaml:3:22: `rules.fw-redundant-rule`: `loud` is not a valid fw-redundant-rule');
    expect(run.stderr).toContain('driftgate.yaml:4:3: unknown rule `fw-invalid-adress`; did you mean `fw-invalid-address`?');
    expect(run.stderr).toContain('driftgate.yaml:6:11: suppression of unknown rule `fw-shadowed-rul`; did you mean `fw-shadowed-rule`?');
    expect(run.stderr).toContain('driftgate.yaml:8:5: ');
    expect(run.stderr).toContain('missing the required key `rule`');
    expect(run.stderr).not.toContain('Error:');
    expect(run.status).toBe(2);
  });

  it('reports unknown rule ids when rules is not a mapping', () => {
    const config = 'kind: config\nrules: [fw-invalid-address]\nsuppressions: oops\n';
    const run = runCli(['validate'], tree({ 'driftgate.yaml': config, 'fw.yaml': goodFirewall }));
    expect(run.stderr).toMatch(/^driftgate: the configuration cannot be used:\ndriftgate\.yaml:2:8: /);
    expect(run.stderr).not.toContain('unknown rule');
    expect(run.stderr).not.toContain('Error:');
    expect(run.status).toBe(2);
  });

  it('reports rule options with schema errors elsewhere', () => {
    const config = 'kind: config\nprofile: strictest\nrules:\n  fw-invalid-address:\n    severity: error\n    options: { strict: true }\n';
    const run = runCli(['validate'], tree({ 'driftgate.yaml': config, 'fw.yaml': goodFirewall }));
    expect(run.stderr).toContain('driftgate.yaml:2:10: ');
    expect(run.stderr).toContain('driftgate.yaml:6:14: rule fw-invalid-address takes no options');
    expect(run.status).toBe(2);
  });

  it('exits 2 on options for a rule that takes none', () => {
    const config = 'kind: config\nrules:\n  fw-invalid-address:\n    severity: error\n    options: { strict: true }\n';
    const run = runCli(['validate'], tree({ 'driftgate.yaml': config, 'fw.yaml': goodFirewall }));
    expect(run.stderr).toContain('driftgate.yaml:5:14: rule fw-invalid-address takes no options');
    expect(run.status).toBe(2);
  });

  it('exits 2 on a suppression without a reason', () => {
    const config = 'kind: config\nsuppressions:\n  - rule: fw-invalid-address\n';
    const run = runCli(['validate'], tree({ 'driftgate.yaml': config, 'fw.yaml': badFirewall }));
    expect(run.stderr).toContain('driftgate.yaml:3:5: ');
    expect(run.stderr).toContain('missing the required key `reason`');
    expect(run.status).toBe(2);
  });

  it('exits 2 on a suppression of an unknown rule', () => {
    const config = 'kind: config\nsuppressions:\n  - rule: fw-invalid-adress\n    reason: waiting for the vendor fix\n';
    const run = runCli(['validate'], tree({ 'driftgate.yaml': config, 'fw.yaml': badFirewall }));
    expect(run.stderr).toContain('driftgate.yaml:3:11: suppression of unknown rule `fw-invalid-adress`; did you mean `fw-invalid-address`?');
    expect(run.status).toBe(2);
  });

  it('accepts a suppression of a built-in check', () => {
    const config = 'kind: config\nsuppressions:\n  - rule: schema-violation\n    reason: generated file, fixed upstream\n';
    const run = runCli(['validate'], tree({ 'driftgate.yaml': config, 'fw.yaml': 'kind: firewall\nnmae: x\n' }));
    expect(run.stdout).toContain('suppressed: generated file, fixed upstream');
    expect(run.status).toBe(0);
  });

  it('reports an expired suppression as a finding', () => {
    const config = 'kind: config\nsuppressions:\n  - rule: fw-invalid-address\n    reason: waiting for the vendor fix\n    expires: 2020-01-31\n';
    const run = runCli(['validate', '--format', 'json'], tree({ 'driftgate.yaml': config, 'fw.yaml': badFirewall }));
    const output = JSON.parse(run.stdout);
    const ids = output.findings.map((finding: { ruleId: string }) => finding.ruleId);
    expect(ids).toEqual(['suppression-expired', 'fw-invalid-address']);
    expect(output.findings[0]).toMatchObject({ file: 'driftgate.yaml', line: 5, severity: 'error' });
    expect(output.findings[1].suppressed).toBeNull();
    expect(run.status).toBe(1);
  });

  it('warns of an unused suppression', () => {
    const config = 'kind: config\nsuppressions:\n  - rule: fw-invalid-address\n    reason: waiting for the vendor fix\n';
    const run = runCli(['validate', '--format', 'json'], tree({ 'driftgate.yaml': config, 'fw.yaml': goodFirewall }));
    const output = JSON.parse(run.stdout);
    expect(output.findings).toHaveLength(1);
    expect(output.findings[0]).toMatchObject({ ruleId: 'suppression-unused', severity: 'warning', file: 'driftgate.yaml', line: 3 });
    expect(run.status).toBe(0);
  });

  it('skips unused suppressions in a partial run', () => {
    const config = 'kind: config\nsuppressions:\n  - rule: fw-invalid-address\n    reason: waiting for the vendor fix\n';
    const root = tree({ 'driftgate.yaml': config, 'fw/a.yaml': goodFirewall, 'other/b.yaml': goodFirewall });
    const file = runCli(['validate', '--format', 'json', 'fw/a.yaml'], root);
    expect(JSON.parse(file.stdout).findings).toEqual([]);
    const folder = runCli(['validate', '--format', 'json', 'fw'], root);
    expect(JSON.parse(folder.stdout).findings).toEqual([]);
    const whole = runCli(['validate', '--format', 'json', '.'], root);
    const ids = JSON.parse(whole.stdout).findings.map((finding: { ruleId: string }) => finding.ruleId);
    expect(ids).toEqual(['suppression-unused']);
  });

  it('honours a live suppression', () => {
    const config = 'kind: config\nsuppressions:\n  - rule: fw-invalid-address\n    reason: waiting for the vendor fix\n    expires: 2999-01-31\n';
    const run = runCli(['validate'], tree({ 'driftgate.yaml': config, 'fw.yaml': badFirewall }));
    expect(run.stdout).toContain('suppressed: waiting for the vendor fix');
    expect(run.status).toBe(0);
  });
});

describe('driftgate validate on a folder it cannot list', () => {
  /**
   * Runs the CLI without the right to read what file modes forbid. Root keeps its user id but
   * drops the capabilities that override file modes (setpriv, from util-linux), so the test
   * runs as root in CI too.
   */
  function runWithoutOverride(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
    const cli = [process.execPath, join(repoRoot, 'bin/driftgate.js'), ...args];
    const [command, ...rest] = process.getuid?.() === 0 ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', ...cli] : cli;
    const result = spawnSync(command as string, rest, { cwd, encoding: 'utf8', env: { ...process.env, DRIFTGATE_DEBUG: '', DRIFTGATE_DOCS_URL: '' } });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('reports the folder and checks the rest', () => {
    const config = 'kind: config\nsuppressions:\n  - rule: fw-invalid-address\n    reason: waiting for the vendor fix\n';
    const root = tree({ 'driftgate.yaml': config, 'fw/a.yaml': badFirewall, 'locked/b.yaml': goodFirewall });
    chmodSync(join(root, 'locked'), 0o000);
    try {
      const run = runWithoutOverride(['validate', '--format', 'json', '.'], root);
      const output = JSON.parse(run.stdout);
      // fw/a.yaml was read: its finding is there, suppressed. With a folder unread, the
      // suppression is not reported as unused.
      expect(output.findings.map((finding: { ruleId: string; file: string; suppressed: unknown }) => [finding.ruleId, finding.file, finding.suppressed !== null])).toEqual([
        ['fw-invalid-address', 'fw/a.yaml', true],
        ['unreadable-file', 'locked', false],
      ]);
      expect(output.findings[1]).toMatchObject({ severity: 'error', line: 1, message: 'cannot read the folder (EACCES), so the files in it were not checked' });
      expect(output.summary.files).toBe(1);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(1);
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });

  it('exits 2 when the named folder cannot be listed', () => {
    const root = tree({ 'locked/b.yaml': goodFirewall });
    chmodSync(join(root, 'locked'), 0o000);
    try {
      const run = runWithoutOverride(['validate', 'locked'], root);
      expect(run.stderr).toBe('driftgate: locked: cannot read folder (EACCES)\n');
      expect(run.status).toBe(2);
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });
});
