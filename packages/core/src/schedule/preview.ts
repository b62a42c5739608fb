/**
 * A schedule's next few runs, as instants and as the wall-clock text a person
 * in the schedule's zone would read. The designer shows them before saving and
 * the agent page lists them. Browser-safe.
 */

import type { Locale } from '../locale';
import { describeSchedule } from './describe';
import { dateTimeFormat } from './formatters';
import { nextRuns } from './next-run';
import type { Schedule } from './types';

export interface RunPreview {
  /** ISO-8601 UTC. */
  at: string;
  /** The same instant on the schedule zone's clocks: `2026년 11월 23일 (월) 오전 8:00`. */
  label: string;
}

/** The schedule in words and its next `count` runs after `after`. */
export function previewSchedule(
  schedule: Schedule,
  after: Date,
  count: number,
  locale: Locale,
): { description: string; runs: RunPreview[] } {
  return {
    description: describeSchedule(schedule, locale),
    runs: nextRuns(schedule, after, count).map((at) => ({
      at: at.toISOString(),
      label: formatRunTime(at, schedule.timezone, locale),
    })),
  };
}

/** An instant as the wall-clock date and time of a zone, in Korean or English. */
export function formatRunTime(at: Date, timeZone: string, locale: Locale): string {
  return dateTimeFormat(locale === 'ko' ? 'ko-KR' : 'en-US', {
    timeZone,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
    hour: 'numeric',
    minute: '2-digit',
  }).format(at);
}
