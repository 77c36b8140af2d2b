/** The `service` section of driftgate.yaml, checked and completed with defaults. */
import { isIP } from 'node:net';
import { isAbsolute, resolve } from 'node:path';

import cron from 'node-cron';

import { ConfigError } from '../engine/config.js';
import type { ConfigProblem, ResolvedConfig } from '../engine/config.js';
import type { Service } from '../types/config.js';
import type { SendPolicy } from './digest.js';

/** One cron schedule of scans. */
export interface ScheduleSettings {
  name: string;
  cron: string;
  timezone: string;
}

/** SMTP delivery settings; credentials stay in the environment and are read at send time. */
export interface MailSettings {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  /** Absolute path of extra trusted CA certificates. */
  caFile?: string;
  from: string;
  to: string[];
  userEnv?: string;
  passwordEnv?: string;
  send: SendPolicy;
}

/** Everything `driftgate serve` needs from the configuration. */
export interface ServiceSettings {
  /** Folder of driftgate.yaml, the desired-state repository. */
  root: string;
  schedules: ScheduleSettings[];
  storePath: string;
  staleAfterMs: number;
  scanArgs: string[];
  mail?: MailSettings;
  http: { host: string; port: number; tokenEnv?: string };
}

/** Options of `driftgate scan` that the service passes itself: the repository and a JSON report on stdout. */
const RESERVED_SCAN_OPTIONS = ['--repo', '--format', '--output', '--help', '-h'];

/** Schedule used when the configuration names none: every night at 02:00 UTC. */
export const DEFAULT_SCHEDULE: ScheduleSettings = { name: 'nightly', cron: '0 2 * * *', timezone: 'UTC' };

/** HTTP address used when the configuration names none; 9465 is free in the Prometheus port list. */
export const DEFAULT_LISTEN = '127.0.0.1:9465';

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Converts a `staleAfter` value such as `48h` to milliseconds. */
export function parseDuration(text: string): number {
  const match = /^([1-9][0-9]*)([mhd])$/.exec(text);
  if (!match) throw new Error(`invalid duration "${text}"; use a number followed by m, h or d, such as 48h`);
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}

/** Splits `host:port` or `[v6]:port`, or returns undefined when the text is neither. */
export function parseListen(text: string): { host: string; port: number } | undefined {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):([0-9]{1,5})$/.exec(text);
  if (!match) return undefined;
  const port = Number(match[3]);
  if (port > 65535) return undefined;
  return { host: (match[1] ?? match[2]) as string, port };
}

/** Returns true for `localhost` and addresses in 127.0.0.0/8 or ::1. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/** Reads the service section of a loaded configuration; throws ConfigError naming file and line. */
export function resolveServiceSettings(config: ResolvedConfig): ServiceSettings {
  const data: Service = config.data.service ?? {};
  const problems: ConfigProblem[] = [];
  const problem = (path: (string | number)[], message: string): void => {
    const file = config.document?.file ?? 'driftgate.yaml';
    const place = config.document?.locator.locate(['service', ...path]) ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
    problems.push({ file, ...place, message });
  };

  const schedules = (data.schedules ?? [DEFAULT_SCHEDULE]).map((schedule, index) => {
    const settings = { name: schedule.name, cron: schedule.cron, timezone: schedule.timezone ?? 'UTC' };
    const cronProblem = checkCron(settings.cron);
    if (cronProblem) {
      problem(['schedules', index, 'cron'], `invalid cron expression "${settings.cron}" (${cronProblem}); use 5 fields (minute hour day month weekday), such as "0 2 * * *"`);
    }
    if (!isTimeZone(settings.timezone)) {
      problem(['schedules', index, 'timezone'], `unknown time zone "${settings.timezone}"; use an IANA name such as "Europe/Berlin" or "UTC"`);
    }
    return settings;
  });
  const names = new Set<string>();
  schedules.forEach((schedule, index) => {
    if (names.has(schedule.name)) problem(['schedules', index, 'name'], `schedule name "${schedule.name}" is used twice; give each schedule its own name`);
    names.add(schedule.name);
  });

  const listenText = data.http?.listen ?? DEFAULT_LISTEN;
  const listen = parseListen(listenText);
  if (!listen) problem(['http', 'listen'], `invalid listen address "${listenText}"; use host:port such as 127.0.0.1:9465 or [::1]:9465`);

  (data.scanArgs ?? []).forEach((arg, index) => {
    const option = RESERVED_SCAN_OPTIONS.find((name) => arg === name || arg.startsWith(`${name}=`));
    if (option) problem(['scanArgs', index], `scanArgs must not contain ${option}, because the service sets it to read the JSON report from stdout; remove it`);
  });

  const settings: ServiceSettings = {
    root: config.root,
    schedules,
    storePath: absolute(config.root, data.store ?? '.driftgate/state.db'),
    staleAfterMs: parseDuration(data.staleAfter ?? '48h'),
    scanArgs: data.scanArgs ?? [],
    http: { ...(listen ?? { host: '127.0.0.1', port: 9465 }), ...(data.http?.tokenEnv ? { tokenEnv: data.http.tokenEnv } : {}) },
  };
  if (data.mail) {
    const security = data.mail.security ?? 'starttls';
    if (security === 'none' && !isLoopback(data.mail.host)) {
      problem(['mail', 'security'], `security: none sends mail and credentials in clear text, so it is allowed only to a loopback host, not "${data.mail.host}"; use starttls or tls`);
    }
    settings.mail = {
      host: data.mail.host,
      port: data.mail.port ?? (security === 'tls' ? 465 : 587),
      security,
      from: data.mail.from,
      to: data.mail.to,
      send: data.mail.send ?? 'changes',
      ...(data.mail.caFile ? { caFile: absolute(config.root, data.mail.caFile) } : {}),
      ...(data.mail.userEnv ? { userEnv: data.mail.userEnv } : {}),
      ...(data.mail.passwordEnv ? { passwordEnv: data.mail.passwordEnv } : {}),
    };
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return settings;
}

function absolute(root: string, path: string): string {
  return isAbsolute(path) ? path : resolve(root, path);
}

/** Returns why node-cron 4 rejects an expression, or undefined when it accepts it. */
function checkCron(expression: string): string | undefined {
  try {
    // Creating a task (not started) parses the expression and names the field at fault.
    void cron.createTask(expression, () => undefined).destroy();
  } catch (error) {
    return (error as Error).message;
  }
  return cron.validate(expression) ? undefined : 'a field is out of range or malformed';
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
