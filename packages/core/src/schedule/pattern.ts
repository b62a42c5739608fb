/**
 * Turning a schedule into a cron pattern that croner evaluates in the
 * schedule's time zone, and checking users' own cron expressions.
 * Browser-safe (croner runs anywhere).
 */
import { Cron } from 'croner';
import type { Schedule } from './types';

/**
 * Options a five-field pattern is evaluated with, as Vixie cron (the cron most
 * people know, and Cloud Scheduler's) reads the two day fields: when both are
 * restricted, a run needs either to match (`0 9 1,15 * 1`: the 1st, the 15th
 * and every Monday); when either starts with `*` (`*`, `*\/2`), it counts as
 * unrestricted and both must match (`0 9 *\/2 * 1`: Mondays that fall on an odd
 * day). See the crontab(5) manual: https://man7.org/linux/man-pages/man5/crontab.5.html
 */
export function cronOptions(
  timeZone: string,
  pattern: string,
): { timezone: string; mode: '5-part'; domAndDow: boolean } {
  const [, , dayOfMonth = '*', , dayOfWeek = '*'] = normaliseCron(pattern).split(' ');
  return { timezone: timeZone, mode: '5-part', domAndDow: dayOfMonth.startsWith('*') || dayOfWeek.startsWith('*') };
}

/** Hours and minutes of an `HH:MM` time (00:00 when absent or malformed). */
export function parseTime(time: string | undefined): { hour: number; minute: number } {
  const match = /^(\d{2}):(\d{2})$/.exec(time ?? '');
  return { hour: Number(match?.[1] ?? 0), minute: Number(match?.[2] ?? 0) };
}

/**
 * The cron pattern of a schedule. For `monthly` on day 29–31 the pattern also
 * matches the month's last day (`L`); `nextRunAt` keeps that match only in
 * months too short for the day asked for.
 */
export function patternFor(schedule: Schedule): string {
  const { hour, minute } = parseTime(schedule.time);
  switch (schedule.frequency) {
    case 'hourly':
      return `${minute} * * * *`;
    case 'daily':
      return `${minute} ${hour} * * *`;
    case 'weekly':
      // Ours is 1 = Monday … 7 = Sunday; cron's Sunday is 0.
      return `${minute} ${hour} * * ${(schedule.daysOfWeek ?? [1]).map((d) => d % 7).join(',')}`;
    case 'monthly': {
      const day = schedule.dayOfMonth ?? 1;
      return day > 28 ? `${minute} ${hour} ${day},L * *` : `${minute} ${hour} ${day} * *`;
    }
    case 'cron':
      return normaliseCron(schedule.cron ?? '');
  }
}

/** A cron expression with its fields separated by single spaces. */
export function normaliseCron(expression: string): string {
  return expression.trim().split(/\s+/).join(' ');
}

/**
 * Why a user's cron expression cannot be used, or null when it can: it must
 * have exactly five fields (minute hour day-of-month month day-of-week; every
 * minute is allowed), parse, and fire at least once within the next ten years.
 */
export function cronProblem(expression: string, timeZone = 'UTC'): 'fields' | 'syntax' | 'never' | null {
  const normalised = normaliseCron(expression);
  if (normalised.split(' ').length !== 5) return 'fields';
  let cron: Cron;
  try {
    cron = new Cron(normalised, cronOptions(timeZone, normalised));
  } catch {
    return 'syntax';
  }
  const next = cron.nextRun(new Date());
  if (!next || next.getTime() - Date.now() > TEN_YEARS_MS) return 'never';
  return null;
}

const TEN_YEARS_MS = 10 * 366 * 24 * 60 * 60 * 1000;
