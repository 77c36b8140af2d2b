/** Durations of the load-balancer schema (`500ms`, `30s`, a bare number of milliseconds). */
import type { Duration } from '../types/loadbalancer.js';

const unitMilliseconds: Record<string, number> = {
  us: 0.001,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
};

/**
 * Converts a duration to milliseconds. A bare number or a number without a unit is
 * milliseconds, as the schema defines durations. Returns undefined for text the schema
 * rejects.
 */
export function durationToMilliseconds(value: Duration): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? value : undefined;
  }
  const match = /^\s*(\d+)\s*(us|ms|s|m|h|d)?\s*$/.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * unitMilliseconds[match[2] ?? 'ms']!;
}
