/**
 * A schedule in words, in Korean and English: `매주 월요일 오전 8:00 (서울)`,
 * `Every Monday at 8:00 AM (Seoul)`. The designer's replies and the web app's
 * agent pages show the same sentence. Browser-safe.
 */
import type { Schedule } from '../agents/schema';
import { normaliseCron, parseTime } from './pattern';
import { type Locale, zoneLabel } from './zones';

const WEEKDAYS: Record<Locale, string[]> = {
  // Index 1 = Monday … 7 = Sunday, as in `daysOfWeek`.
  ko: ['', '월요일', '화요일', '수요일', '목요일', '금요일', '토요일', '일요일'],
  en: ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** Describes when a schedule runs, in the given language, ending with the zone's city. */
export function describeSchedule(schedule: Schedule, locale: Locale): string {
  const zone = zoneLabel(schedule.timezone, locale);
  const when = describeWhen(schedule, locale);
  if (schedule.frequency === 'monthly' && (schedule.dayOfMonth ?? 1) > 28) {
    return locale === 'ko'
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
  const { minute } = parseTime(s.time);
  const at = clock(s.time, locale);
  switch (s.frequency) {
    case 'hourly':
      if (minute === 0) return ko ? '매시간 정각' : 'Every hour on the hour';
      return ko ? `매시간 ${minute}분` : `Every hour at :${pad(minute)}`;
    case 'daily':
      return ko ? `매일 ${at}` : `Every day at ${at}`;
    case 'weekly':
      return `${weekdays(s.daysOfWeek ?? [1], locale)} ${ko ? at : `at ${at}`}`;
    case 'monthly': {
      const day = s.dayOfMonth ?? 1;
      return ko ? `매월 ${day}일 ${at}` : `Monthly on the ${ordinal(day)} at ${at}`;
    }
    case 'cron':
      return describeCron(s.cron ?? '', locale);
  }
}

function weekdays(days: number[], locale: Locale): string {
  const ko = locale === 'ko';
  const set = [...new Set(days)].sort((a, b) => a - b);
  if (set.length === 7) return ko ? '매일' : 'Every day';
  if (set.join() === '1,2,3,4,5') return ko ? '매주 평일' : 'Every weekday';
  const names = set.map((d) => WEEKDAYS[locale][d] ?? String(d));
  if (ko) return `매주 ${names.join(', ')}`;
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  return `Every ${list}`;
}

/** `오전 8:00` / `8:00 AM`; midnight is 12:00 AM, noon 12:00 PM. */
function clock(time: string | undefined, locale: Locale): string {
  const { hour, minute } = parseTime(time);
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  if (locale === 'ko') return `${hour < 12 ? '오전' : '오후'} ${h12}:${pad(minute)}`;
  return `${h12}:${pad(minute)} ${hour < 12 ? 'AM' : 'PM'}`;
}

function describeCron(expression: string, locale: Locale): string {
  const ko = locale === 'ko';
  const cron = normaliseCron(expression);
  if (cron === '* * * * *') return ko ? '매분' : 'Every minute';
  const step = /^\*\/(\d+) \* \* \* \*$/.exec(cron);
  if (step) return ko ? `${step[1]}분마다` : `Every ${step[1]} minutes`;
  return ko ? `cron 일정 ${cron}` : `Cron schedule ${cron}`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
