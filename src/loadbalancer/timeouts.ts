/** Timeouts as HAProxy applies them: a proxy's own value, else the one from `defaults`. */
import type { DataPath } from '../model.js';
import type { LoadBalancer, Mode, Timeouts } from '../types/loadbalancer.js';
import { durationToMilliseconds } from './duration.js';

/** Name of a timeout in the schema's `timeouts` object. */
export type TimeoutName = keyof Timeouts;

/** A timeout in effect for a frontend or backend, and where it was written. */
export interface EffectiveTimeout {
  /** Undefined when the text is not a valid duration, which the schema check reports. */
  milliseconds: number | undefined;
  path: DataPath;
}

/**
 * Looks up a timeout of the proxy at `proxyPath`, falling back to `defaults.timeouts`.
 * Returns undefined when neither sets it, or when the value in effect is 0, because HAProxy
 * 2.6.12 warns about a timeout of 0 as about a missing one.
 */
export function effectiveTimeout(
  data: LoadBalancer,
  own: Timeouts | undefined,
  proxyPath: DataPath,
  name: TimeoutName,
): EffectiveTimeout | undefined {
  const candidates: [Timeouts | undefined, DataPath][] = [
    [own, [...proxyPath, 'timeouts', name]],
    [data.defaults?.timeouts, ['defaults', 'timeouts', name]],
  ];
  for (const [timeouts, path] of candidates) {
    const value = timeouts?.[name];
    if (value === undefined) continue;
    // The first value found wins, even 0: a proxy can switch off a timeout set in defaults.
    const milliseconds = durationToMilliseconds(value);
    return milliseconds === 0 ? undefined : { milliseconds, path };
  }
  return undefined;
}

/** Returns the proxy mode in effect: the proxy's own, else `defaults.mode`, else HAProxy's `tcp`. */
export function effectiveMode(data: LoadBalancer, own: Mode | undefined): Mode {
  return own ?? data.defaults?.mode ?? 'tcp';
}

/**
 * Lists the timeouts HAProxy requires of a backend and that are missing, as its start-up
 * warning does (checked with HAProxy 2.6.12): `connect` always, and `server`, which
 * `tunnel` can replace in `tcp` mode.
 */
export function missingBackendTimeouts(
  data: LoadBalancer,
  own: Timeouts | undefined,
  mode: Mode,
  path: DataPath,
): TimeoutName[] {
  const missing: TimeoutName[] = [];
  if (!effectiveTimeout(data, own, path, 'connect')) missing.push('connect');
  const server = effectiveTimeout(data, own, path, 'server');
  const tunnel = mode === 'tcp' ? effectiveTimeout(data, own, path, 'tunnel') : undefined;
  if (!server && !tunnel) missing.push('server');
  return missing;
}
