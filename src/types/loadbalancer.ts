/* Generated from schemas/ by `npm run gen:types`. Do not edit: change the schema instead. */

/**
 * Proxy mode.
 *
 * This interface was referenced by `LoadBalancer`'s JSON-Schema
 * via the `definition` "mode".
 */
export type Mode = 'http' | 'tcp';
/**
 * How requests are spread over servers.
 *
 * This interface was referenced by `LoadBalancer`'s JSON-Schema
 * via the `definition` "balance".
 */
export type BalanceAlgorithm =
  | 'roundrobin'
  | 'static-rr'
  | 'leastconn'
  | 'first'
  | 'source'
  | 'uri'
  | 'url_param'
  | 'hdr'
  | 'random'
  | 'rdp-cookie'
  | 'hash';
/**
 * Maximum inactivity on the client side.
 */
export type Duration = number | string;
/**
 * Maximum time to connect to a server.
 */
export type Duration1 = number | string;
/**
 * Maximum inactivity on the server side.
 */
export type Duration2 = number | string;
/**
 * Extra read timeout for health checks.
 */
export type Duration3 = number | string;
/**
 * Maximum time to receive a whole HTTP request.
 */
export type Duration4 = number | string;
/**
 * Maximum time a request waits in the queue.
 */
export type Duration5 = number | string;
/**
 * Inactivity limit for tunnels such as WebSocket.
 */
export type Duration6 = number | string;
/**
 * An identifier: letters, digits, `.`, `_`, `-`, `:` and `/`.
 */
export type Name = string;
/**
 * A port number (443) or an inclusive range written `low-high` (1024-65535).
 */
export type Port = number | string;
/**
 * A time span: milliseconds as a number, or a number with a unit (`500ms`, `30s`, `5m`, `1h`, `1d`).
 */
export type Duration7 = number | string;

/**
 * A layer 4 or layer 7 load balancer: frontends that accept traffic and backends of servers that receive it.
 */
export interface LoadBalancer {
  /**
   * Path or URL of this schema, for editor completion.
   */
  $schema?: string;
  /**
   * Document kind.
   */
  kind: 'loadbalancer';
  /**
   * Name of the load balancer or pair.
   */
  name?: string;
  description?: string;
  defaults?: Defaults;
  /**
   * Listeners that accept client traffic.
   */
  frontends?: Frontend[];
  /**
   * Pools of servers.
   */
  backends?: Backend[];
}
/**
 * Settings every frontend and backend inherits unless it sets its own.
 */
export interface Defaults {
  mode?: Mode;
  balance?: BalanceAlgorithm;
  timeouts?: Timeouts;
}
/**
 * This interface was referenced by `LoadBalancer`'s JSON-Schema
 * via the `definition` "timeouts".
 */
export interface Timeouts {
  client?: Duration;
  connect?: Duration1;
  server?: Duration2;
  check?: Duration3;
  httpRequest?: Duration4;
  queue?: Duration5;
  tunnel?: Duration6;
}
/**
 * This interface was referenced by `LoadBalancer`'s JSON-Schema
 * via the `definition` "frontend".
 */
export interface Frontend {
  name: Name;
  /**
   * @minItems 1
   */
  binds: [Bind, ...Bind[]];
  mode?: Mode;
  /**
   * Backend for requests no rule sends elsewhere.
   */
  defaultBackend?: string;
  useBackends?: BackendSwitchingRule[];
  timeouts?: Timeouts;
  description?: string;
}
/**
 * This interface was referenced by `LoadBalancer`'s JSON-Schema
 * via the `definition` "bind".
 */
export interface Bind {
  /**
   * Local address; `*`, `0.0.0.0` or `::` (or absent) means every address.
   */
  address?: string;
  port: Port;
  /**
   * Terminate TLS on this bind.
   */
  ssl?: boolean;
  /**
   * Restrict the bind to one interface.
   */
  interface?: string;
}
/**
 * This interface was referenced by `LoadBalancer`'s JSON-Schema
 * via the `definition` "rule".
 */
export interface BackendSwitchingRule {
  /**
   * Backend used when the condition holds.
   */
  backend: string;
  /**
   * Condition, such as `{ path_beg /api }` or an ACL name.
   */
  condition?: string;
}
/**
 * This interface was referenced by `LoadBalancer`'s JSON-Schema
 * via the `definition` "backend".
 */
export interface Backend {
  name: Name;
  mode?: Mode;
  balance?: BalanceAlgorithm;
  healthCheck?: HealthCheck;
  servers?: Server[];
  /**
   * The backend sends responses itself, such as HAProxy's stats page, a redirect, a return or a deny, so it needs no servers.
   */
  respondsItself?: boolean;
  timeouts?: Timeouts;
  description?: string;
}
/**
 * This interface was referenced by `LoadBalancer`'s JSON-Schema
 * via the `definition` "healthCheck".
 */
export interface HealthCheck {
  /**
   * Kind of check.
   */
  type?: 'tcp' | 'http' | 'ssl' | 'mysql' | 'pgsql' | 'redis' | 'smtp' | 'ldap';
  /**
   * Request path of HTTP checks.
   */
  path?: string;
  /**
   * Request method of HTTP checks.
   */
  method?: string;
  /**
   * Expected response, such as `status 200`.
   */
  expect?: string;
  interval?: Duration7;
  rise?: number;
  fall?: number;
}
/**
 * This interface was referenced by `LoadBalancer`'s JSON-Schema
 * via the `definition` "server".
 */
export interface Server {
  name: Name;
  /**
   * Address or host name of the server.
   */
  address: string;
  port?: Port;
  /**
   * Share of traffic; 0 sends none.
   */
  weight?: number;
  /**
   * Used only when every non-backup server is down.
   */
  backup?: boolean;
  /**
   * Health-check this server.
   */
  check?: boolean;
  /**
   * Server is configured but takes no traffic.
   */
  disabled?: boolean;
}
