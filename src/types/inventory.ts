/* Generated from schemas/ by `npm run gen:types`. Do not edit: change the schema instead. */

/**
 * Letters, digits, `.`, `_` and `-`, as in DNS names.
 *
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "hostName".
 */
export type HostName = string;
/**
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "tcpPort".
 */
export type Port = number;
/**
 * A POSIX login name such as `root` or `driftgate`.
 *
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "userName".
 */
export type UserName = string;
/**
 * Config path on the host, such as /etc/haproxy/haproxy.cfg.
 */
export type AbsolutePath = string;
/**
 * Absolute path on the host, without line breaks.
 */
export type AbsolutePath1 = string;
/**
 * Octal mode such as `0644`.
 */
export type FileMode = string;
/**
 * A systemd unit name such as `ssh.service`.
 */
export type UnitName = string;
/**
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "seconds".
 */
export type Seconds = number;

/**
 * Hosts the drift scanner logs in to, how to reach them, and the desired state that applies to each: from its roles, then its groups, then the host itself.
 */
export interface Inventory {
  /**
   * Path or URL of this schema, for editor completion.
   */
  $schema?: string;
  /**
   * Document kind.
   */
  kind: 'inventory';
  ssh?: SshSettings;
  /**
   * Connection settings for hosts that do not set their own.
   */
  defaults?: {
    port?: Port;
    user?: UserName;
    /**
     * Run the collection script with `sudo -n` (default: false).
     */
    sudo?: boolean;
  };
  /**
   * Hosts to scan.
   */
  hosts: Host[];
  /**
   * Groups by name: the roles and desired state shared by their member hosts.
   */
  groups?: {
    [k: string]: Group;
  };
  /**
   * Roles by name: reusable desired state.
   */
  roles?: {
    [k: string]: DesiredState;
  };
}
/**
 * Connection settings of the scanner.
 *
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "sshSettings".
 */
export interface SshSettings {
  /**
   * known_hosts file with the pinned host keys, relative to the inventory file (default: known_hosts).
   */
  knownHosts?: string;
  /**
   * Private key file on the machine that runs the scan; `~/` is the home folder, other relative paths start at the working directory.
   */
  identityFile?: string;
  /**
   * Also use the ssh-agent at $SSH_AUTH_SOCK (default: true).
   */
  agent?: boolean;
  /**
   * Seconds for the TCP connect and, separately, for the SSH handshake (default: 10).
   */
  connectTimeout?: number;
  /**
   * Seconds for the collection command (default: 60).
   */
  commandTimeout?: number;
  /**
   * Seconds for everything on one host, retries included (default: 180).
   */
  totalTimeout?: number;
  /**
   * Retries after a connection failure (default: 2).
   */
  retries?: number;
  /**
   * Hosts scanned at once (default: 32).
   */
  concurrency?: number;
  /**
   * A host to connect through, like OpenSSH ProxyJump; its key must be in known_hosts too.
   */
  jumpHost?: {
    name?: HostName;
    address: string;
    port?: Port;
    user?: UserName;
  };
}
/**
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "host".
 */
export interface Host {
  name: HostName;
  /**
   * IP address or DNS name to connect to.
   */
  address: string;
  port?: Port;
  user?: UserName;
  sudo?: boolean;
  /**
   * Free-form labels; `--hosts` patterns can select by tag.
   */
  tags?: string[];
  /**
   * Names of groups the host belongs to.
   */
  groups?: string[];
  /**
   * Names of roles applied to the host.
   */
  roles?: string[];
  state?: DesiredState;
}
/**
 * What must be true on a host. Later layers (group, then host) override earlier ones key by key.
 *
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "state".
 */
export interface DesiredState {
  /**
   * Firewall documents in the repository (iptables-save files for now).
   */
  firewall?: string[];
  /**
   * Routing documents in the repository.
   */
  routing?: string[];
  /**
   * Load-balancer documents in the repository.
   */
  loadbalancer?: string[];
  /**
   * Load-balancer configs read from the host and compared with the repository semantically.
   */
  loadbalancerConfigs?: {
    /**
     * Desired config in the repository: canonical YAML or JSON, or haproxy.cfg.
     */
    file: string;
    hostFile: AbsolutePath;
  }[];
  /**
   * Zones the host serves.
   */
  zones?: {
    name: string;
    /**
     * Zone file in the repository.
     */
    file?: string;
    /**
     * Zone file path on the host.
     */
    hostFile?: string;
    /**
     * Read the zone with `dig @127.0.0.1 AXFR` from the host's own name server instead of hostFile (default: false).
     */
    axfr?: boolean;
  }[];
  /**
   * Managed files.
   */
  files?: ManagedFile[];
  /**
   * Package versions by package name: an exact version, `present` or `absent`.
   */
  packages?: {
    [k: string]: string;
  };
  /**
   * systemd units that must be active and enabled, or stopped and disabled.
   */
  services?: {
    name: UnitName;
    /**
     * Must be running (default: true).
     */
    active?: boolean;
    /**
     * Must start at boot (default: true).
     */
    enabled?: boolean;
    /**
     * A monitoring agent: a stopped one is reported as an error.
     */
    monitoring?: boolean;
  }[];
  /**
   * sshd settings as in sshd_config (`PermitRootLogin: prohibit-password`), compared with the effective `sshd -T` output.
   */
  sshd?: {
    [k: string]: string | number | boolean;
  };
  /**
   * Kernel parameters by dotted name (`net.ipv4.ip_forward: 1`).
   */
  sysctl?: {
    [k: string]: string | number;
  };
}
/**
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "managedFile".
 */
export interface ManagedFile {
  path: AbsolutePath1;
  /**
   * File in the repository with the desired content.
   */
  source?: string;
  mode?: FileMode;
  owner?: UserName;
  group?: string;
  /**
   * The file must not exist.
   */
  absent?: boolean;
}
/**
 * This interface was referenced by `Inventory`'s JSON-Schema
 * via the `definition` "group".
 */
export interface Group {
  roles?: string[];
  state?: DesiredState;
}
