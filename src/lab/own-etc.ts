/**
 * The /etc files that `npm run lab:up` gives each test host a copy of. `ip netns exec` binds only
 * the entries of /etc/netns/NAME over /etc, so every other /etc file inside a host is the
 * machine's own, and editing it there edits the machine.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Files a user is likely to edit when trying drift, copied from the machine into each host. */
export const OWN_ETC_FILES = ['motd', 'issue', 'issue.net', 'hosts', 'sysctl.conf'];

/**
 * A sysctl.d file of each host. The bind covers the whole folder, so a host's /etc/sysctl.d
 * contains only this file.
 */
export const LAB_SYSCTL_FILE = 'sysctl.d/99-driftgate-lab.conf';

const LAB_SYSCTL_TEXT = '# sysctl.d file of this driftgate test host only; the machine does not read it.\nnet.ipv4.ip_forward = 0\n';

/**
 * Returns `LabHostSpec.etcFiles` for lab:up hosts: a copy of each file of `OWN_ETC_FILES` that
 * exists under `etc`, and `LAB_SYSCTL_FILE`. A file the machine lacks is left out, because
 * `ip netns exec` can bind only over an existing path.
 */
export function ownEtcFiles(etc = '/etc'): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of OWN_ETC_FILES) {
    const path = join(etc, name);
    if (existsSync(path) && statSync(path).isFile()) files[name] = readFileSync(path, 'utf8');
  }
  const sysctlFolder = join(etc, 'sysctl.d');
  if (existsSync(sysctlFolder) && statSync(sysctlFolder).isDirectory()) files[LAB_SYSCTL_FILE] = LAB_SYSCTL_TEXT;
  return files;
}
