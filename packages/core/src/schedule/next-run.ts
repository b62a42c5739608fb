/**
 * When a schedule runs next, computed by croner in the schedule's IANA time
 * zone. Daylight-saving rules (docs/decisions/2026-11-22-schedules-and-dst.md):
 * a wall time that does not exist (spring forward) runs at the first valid time
 * after the gap, that day; a wall time that occurs twice (fall back) runs once,
 * at its first occurrence. `hourly` runs once every real hour.
 * Browser-safe: the designer and the web preview runs with the same code.
 */
import { Cron } from 'croner';
import { dateTimeFormat } from './formatters';
import { cronOptions, patternFor } from './pattern';
import type { Schedule } from './types';

/** A pattern match rejected by the month-end rule costs one more step; a year of them is plenty. */
const MAX_STEPS = 24;

/**
 * The first run strictly after `after`, or null when the schedule never runs
 * again. `monthly` on day 29–31 runs on the month's last day in shorter months.
 */
export function nextRunAt(schedule: Schedule, after: Date): Date | null {
  const cron = cronOf(patternFor(schedule), schedule.timezone);
  const day = schedule.frequency === 'monthly' ? (schedule.dayOfMonth ?? 1) : 0;
  let cursor = after;
  for (let step = 0; step < MAX_STEPS; step++) {
    const next = cron.nextRun(cursor);
    if (!next) return null;
    if (day <= 28 || keepsMonthEnd(next, day, schedule.timezone)) return next;
    cursor = next;
  }
  return null;
}

const crons = new Map<string, Cron>();
/** Distinct (pattern, zone) pairs in use stay far below this; past it the cache starts over. */
const MAX_CRONS = 2_000;

/**
 * The parsed pattern in its zone, parsed once: croner's `nextRun(from)` keeps no
 * state between calls, and parsing is most of what a next-run computation costs.
 */
function cronOf(pattern: string, timeZone: string): Cron {
  const key = `${timeZone} ${pattern}`;
  let cron = crons.get(key);
  if (!cron) {
    cron = new Cron(pattern, cronOptions(timeZone, pattern));
    if (crons.size >= MAX_CRONS) crons.clear();
    crons.set(key, cron);
  }
  return cron;
}

/** The next `count` runs after `after`, in order (fewer when the schedule ends). */
export function nextRuns(schedule: Schedule, after: Date, count: number): Date[] {
  const runs: Date[] = [];
  let cursor = after;
  while (runs.length < count) {
    const next = nextRunAt(schedule, cursor);
    if (!next) break;
    runs.push(next);
    cursor = next;
  }
  return runs;
}

/**
 * The pattern `D,L` matches both day D and the month's last day: keep day D,
 * and the last day only in a month that has no day D.
 */
function keepsMonthEnd(run: Date, day: number, timeZone: string): boolean {
  const { year, month, dayOfMonth } = localDate(run, timeZone);
  if (dayOfMonth === day) return true;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return dayOfMonth === lastDay && lastDay < day;
}

/** The calendar date of an instant on the wall clocks of a zone (month 1–12). */
export function localDate(at: Date, timeZone: string): { year: number; month: number; dayOfMonth: number } {
  const parts = dateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  }).formatToParts(at);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), dayOfMonth: part('day') };
}

/** Steps `latestMissed` walks per call; an every-minute schedule down for a week is 10,080. */
const MAX_MISSED_STEPS = 50_000;

/**
 * The latest scheduled time at or before `now`, starting from `from` (itself a
 * scheduled time), and how many earlier times it passes over: the times missed
 * while the platform was down.
 */
export function latestMissed(schedule: Schedule, from: Date, now: Date): { latest: Date; skipped: number } {
  let latest = from;
  let skipped = 0;
  for (let step = 0; step < MAX_MISSED_STEPS; step++) {
    const next = nextRunAt(schedule, latest);
    if (!next || next.getTime() > now.getTime()) break;
    latest = next;
    skipped++;
  }
  return { latest, skipped };
}
