/** Cron schedules of scans (node-cron 4), each in its own time zone. */
import cron from 'node-cron';
import type { ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';

import type { ScheduleSettings } from './settings.js';

/** Runs `onTick(name)` at each schedule's times; node-cron's noOverlap skips a tick while the last one runs. */
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
      });
      task.on('execution:overlap', () => this.log.warn({ schedule: schedule.name }, 'scheduled scan skipped: the previous run of this schedule is still running'));
      task.on('execution:missed', () => this.log.warn({ schedule: schedule.name }, 'scheduled scan missed: the process was busy or suspended at its time'));
      this.tasks.push(task);
      this.log.info({ schedule: schedule.name, cron: schedule.cron, timezone: schedule.timezone, nextRun: task.getNextRun()?.toISOString() }, 'schedule started');
    }
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
