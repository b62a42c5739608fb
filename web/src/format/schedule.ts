/**
 * Schedules in words and their next runs, for the dashboard, draft card and
 * schedule picker. The logic lives in the shared module functions/src/schedule
 * (the same code computes nextRunAt on the server); this only adapts it.
 */
import { describeSchedule, nextRuns } from '@agent-platform/core/schedule';
import type { Schedule } from '../data/types';
import { getLocale } from '../state/locale';

// The shared module types schedules with the agent schema; ours is the same JSON.
type SharedSchedule = Parameters<typeof describeSchedule>[0];

/** "Every Monday at 8:00 AM (Seoul)" / "매주 월요일 오전 8:00 (서울)"; null when run on demand only. */
export function scheduleInWords(schedule: Schedule | null | undefined, locale = getLocale()): string | null {
  if (!schedule) return null;
  try {
    return describeSchedule(schedule as SharedSchedule, locale);
  } catch {
    return null;
  }
}

/** The next `n` run times after `from`, or [] for an invalid or missing schedule. */
export function upcomingRuns(schedule: Schedule | null | undefined, n = 3, from = new Date()): Date[] {
  if (!schedule) return [];
  try {
    return nextRuns(schedule as SharedSchedule, from, n);
  } catch {
    return [];
  }
}
