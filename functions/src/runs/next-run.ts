/**
 * Schedule arithmetic a run needs beyond `nextRunAt`: which scheduled times were
 * missed while the platform was down.
 */
import type { Schedule } from '../agents/schema';
import { nextRunAt } from '../schedule';

export const nextRunAfter = (schedule: Schedule, after: Date): Date | null => nextRunAt(schedule, after);

/** Steps walked per call; an every-minute schedule down for a week is 10,080. */
const MAX_STEPS = 50_000;

/**
 * The latest scheduled time at or before `now`, starting from `from` (itself a
 * scheduled time), and how many earlier times it passes over.
 */
export function latestMissed(schedule: Schedule, from: Date, now: Date): { latest: Date; skipped: number } {
  let latest = from;
  let skipped = 0;
  for (let step = 0; step < MAX_STEPS; step++) {
    const next = nextRunAt(schedule, latest);
    if (!next || next.getTime() > now.getTime()) break;
    latest = next;
    skipped++;
  }
  return { latest, skipped };
}
