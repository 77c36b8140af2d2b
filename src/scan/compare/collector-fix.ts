/**
 * Fix hints for commands that failed on a host, chosen by the cause that their error output
 * names: sudo missing or asking for a password, a permission denied to the scan user, or a
 * command that is not installed.
 */

import { codeSpan } from '../../util/text.js';

/** The login settings of a host that decide what a permission problem calls for. */
export interface ScanLogin {
  user: string;
  sudo: boolean;
}

/** Cause of a failed command, read from its error output. */
export type CollectorFailureCause = 'sudo-missing' | 'sudo-password' | 'permission-denied' | 'command-not-found';

// sh and bash write "sh: 1: sudo: not found" and "bash: sudo: command not found".
const SUDO_MISSING = /\bsudo: (?:command )?not found/;
const SUDO_PASSWORD = /\bsudo: a (?:password|terminal) is required|is not in the sudoers file|is not allowed to execute/;
// iptables-save writes "Permission denied (you must be root)", and sshd -T run by a user other
// than root cannot read the host keys, so it stops with "no hostkeys available".
const PERMISSION = /Permission denied|Operation not permitted|must be root|no hostkeys available/i;
const NOT_FOUND = /(?:^|\s)([\w.+-]+): (?:command )?not found\s*$/m;

/** Returns the cause that a command's error output names, or undefined when it names none. */
export function failureCause(errorOutput: string): CollectorFailureCause | undefined {
  if (SUDO_MISSING.test(errorOutput)) return 'sudo-missing';
  if (SUDO_PASSWORD.test(errorOutput)) return 'sudo-password';
  if (PERMISSION.test(errorOutput)) return 'permission-denied';
  if (NOT_FOUND.test(errorOutput)) return 'command-not-found';
  return undefined;
}

/**
 * Returns the fix for a failed command: the one its cause calls for, else `fallback`. `command`
 * names what failed, such as `sshd -T` or a managed file's path.
 */
export function collectorFix(login: ScanLogin, command: string, errorOutput: string, fallback: string): string {
  switch (failureCause(errorOutput)) {
    case 'sudo-missing':
      return sudoMissingFix(login);
    case 'sudo-password':
      return sudoPasswordFix(login);
    case 'permission-denied':
      return login.sudo
        ? `${codeSpan(command)} was denied to the scan user "${login.user}" even through sudo. Check that user's sudo rules (the collection needs root), then rerun the scan.`
        : `The scan user "${login.user}" lacks the rights for ${codeSpan(command)}. Set \`sudo: true\` for the host in the inventory (with passwordless sudo for that user), or scan as a user that can read it, then rerun the scan.`;
    case 'command-not-found': {
      const name = NOT_FOUND.exec(errorOutput)?.[1] ?? command.split(' ')[0];
      return `${codeSpan(name ?? command)} is not installed on the host. Install it, then rerun the scan.`;
    }
    default:
      return fallback;
  }
}

/** Returns the fix for a collection that stopped before its end, or undefined when the output names no known cause. */
export function collectionFailedFix(login: ScanLogin, errorOutput: string): string | undefined {
  // sshd prints this warning for a user without a home folder and then runs the command anyway.
  const relevant = errorOutput.replace(/^Could not chdir to home directory .*$/gm, '');
  switch (failureCause(relevant)) {
    case 'sudo-missing':
      return sudoMissingFix(login);
    case 'sudo-password':
      return sudoPasswordFix(login);
    case 'permission-denied':
      return `The scan user "${login.user}" lacks rights that the collection needs. Configure \`sudo\` for the host in the inventory, or scan as a user that can read the compared state.`;
    case 'command-not-found':
      return `A command the collection needs is not installed on the host. Install it, then rerun the scan.`;
    default:
      return undefined;
  }
}

function sudoMissingFix(login: ScanLogin): string {
  return `sudo is not installed on the host. Set \`sudo: false\` for the host in the inventory and scan as a user that can read the compared state, or install sudo and allow "${login.user}" to run the collection (\`sudo -n sh -c ...\`) without a password.`;
}

function sudoPasswordFix(login: ScanLogin): string {
  return `sudo asks "${login.user}" for a password, and the scan never sends one. Set \`sudo: false\` for the host in the inventory, or allow "${login.user}" to run the collection (\`sudo -n sh -c ...\`) without a password (NOPASSWD in sudoers).`;
}
