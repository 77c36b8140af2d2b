/** Cron schedules of scans (node-cron 4), each in its own time zone. */
import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';

import { redact } from './redact.js';
import type { ScheduleSettings } from './settings.js';

/** The logger interface of node-cron 4's `logger` task option. */
type CronLogger = NonNullable<Parameters<typeof cron.schedule>[2]>['logger'] & object;

/** Runs `onTick(name)` at each schedule's times. node-cron's noOverlap skips a tick while the last one runs. */
export class Scheduler {
  private readonly tasks: ScheduledTask[] = [];

  constructor(
    private readonly schedules: ScheduleSettings[],
    private readonly onTick: (name: string) => Promise<unknown>,
    private readonly log: Logger,
  ) {}

  /** Creates and starts one task per schedule. */
  start(): void {
    for (const schedule of this.schedules) {
      const task = cron.schedule(schedule.cron, () => this.onTick(schedule.name), {
        name: schedule.name,
        timezone: schedule.timezone,
        noOverlap: true,
        logger: this.cronLogger(schedule.name),
      });
      task.on('execution:overlap', () => this.log.warn({ schedule: schedule.name }, 'scheduled scan skipped: the previous run of this schedule is still running'));
      task.on('execution:failed', (context) =>
        this.log.error({ schedule: schedule.name, error: redact(context.execution?.error?.message ?? 'unknown error') }, 'scheduled scan failed to start'),
      );
      task.on('execution:missed', () => this.log.warn({ schedule: schedule.name }, 'scheduled scan missed: the process was busy or suspended at its time'));
      this.tasks.push(task);
      this.log.info({ schedule: schedule.name, cron: schedule.cron, timezone: schedule.timezone, nextRun: task.getNextRun()?.toISOString() }, 'schedule started');
    }
  }

  /** Returns a node-cron logger that writes through pino, so its messages are JSON lines too. */
  private cronLogger(name: string): CronLogger {
    const log = this.log.child({ schedule: name, component: 'node-cron' });
    const text = (message: string | Error): string => redact(message instanceof Error ? message.message : message);
    return {
      info: (message) => log.info(text(message)),
      warn: (message) => log.warn(text(message)),
      error: (message) => log.error(text(message)),
      debug: (message) => log.debug(text(message)),
    };
  }

  /**
   * Returns the shortest time between two consecutive runs of any schedule, in milliseconds.
   * Each schedule is measured on its next three runs and counts with the longer of its two gaps.
   */
  shortestPeriodMs(): number {
    let shortest = Number.POSITIVE_INFINITY;
    for (const task of this.tasks) {
      const runs = task.getNextRuns(3).map((date) => date.getTime());
      let longestGap = 0;
      for (let i = 1; i < runs.length; i += 1) longestGap = Math.max(longestGap, (runs[i] as number) - (runs[i - 1] as number));
      if (longestGap > 0) shortest = Math.min(shortest, longestGap);
    }
    return shortest;
  }

  /** Stops and removes every task. */
  async stop(): Promise<void> {
    for (const task of this.tasks.splice(0)) await task.destroy();
  }
}
