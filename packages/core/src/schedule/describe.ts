/**
 * A schedule in words, in Korean and English: `매주 월요일 오전 8:00 (서울)`,
 * `Every Monday at 8:00 AM (Seoul)`. The designer's replies and the web app's
 * agent pages show the same sentence. Browser-safe and synchronous; it never
 * throws, whatever a stored schedule holds.
 */

import type { Locale } from '../locale';
import { describeCron } from './describe-cron';
import { parseTime } from './pattern';
import type { Schedule } from './types';
import { clock, hourlyAt, ordinal, weekdays } from './words';
import { zoneLabel } from './zones';

/** Describes when a schedule runs, in the given language, ending with the zone's city. */
export function describeSchedule(schedule: Schedule, locale: Locale): string {
  const zone = zoneLabel(schedule.timezone, locale);
  const ko = locale === 'ko';
  if (schedule.frequency === 'cron') {
    const cron = describeCron(schedule.cron ?? '', locale);
    if (!cron.skipsShortMonths) return `${cron.text} (${zone})`;
    return ko
      ? `${cron.text} (${zone}, 그 날짜가 없는 달은 건너뜀)`
      : `${cron.text} (${zone}; skipped in shorter months)`;
  }
  const when = describeWhen(schedule, locale);
  if (schedule.frequency === 'monthly' && (schedule.dayOfMonth ?? 1) > 28) {
    return ko
      ? `${when} (${zone}, ${schedule.dayOfMonth}일이 없는 달은 말일)`
      : `${when} (${zone}; last day of shorter months)`;
  }
  return `${when} (${zone})`;
}

/** Describes a schedule, or says it runs only on demand when there is none. */
export function describeScheduleOrManual(schedule: Schedule | null, locale: Locale): string {
  if (schedule) return describeSchedule(schedule, locale);
  return locale === 'ko' ? '직접 실행할 때만' : 'Only when run by hand';
}

function describeWhen(s: Schedule, locale: Locale): string {
  const ko = locale === 'ko';
  const { hour, minute } = parseTime(s.time);
  const at = clock(hour, minute, locale);
  switch (s.frequency) {
    case 'hourly':
      return hourlyAt(minute, locale);
    case 'daily':
      return ko ? `매일 ${at}` : `Every day at ${at}`;
    case 'weekly':
      return `${weekdays(s.daysOfWeek ?? [1], locale)} ${ko ? at : `at ${at}`}`;
    default: {
      const day = s.dayOfMonth ?? 1;
      return ko ? `매월 ${day}일 ${at}` : `Monthly on the ${ordinal(day)} at ${at}`;
    }
  }
}
