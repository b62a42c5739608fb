/**
 * The phrases schedules are described with, in Korean and English: clock
 * times, weekday lists, ordinals. Shared by the description of our own
 * frequencies and of cron expressions, so both read alike. Browser-safe.
 */
import type { Locale } from '../locale';

const WEEKDAYS: Record<Locale, string[]> = {
  // Index 1 = Monday … 7 = Sunday, as in `daysOfWeek`.
  ko: ['', '월요일', '화요일', '수요일', '목요일', '금요일', '토요일', '일요일'],
  en: ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
};

/** `매주 월요일, 수요일` / `Every Monday and Wednesday`; days are 1 = Monday … 7 = Sunday. */
export function weekdays(days: number[], locale: Locale): string {
  const ko = locale === 'ko';
  const set = [...new Set(days)].sort((a, b) => a - b);
  if (set.length === 7) return ko ? '매일' : 'Every day';
  if (set.join() === '1,2,3,4,5') return ko ? '매주 평일' : 'Every weekday';
  const names = set.map((d) => WEEKDAYS[locale][d] ?? String(d));
  if (ko) return `매주 ${names.join(', ')}`;
  return `Every ${andList(names)}`;
}

/** `오전 8:00` / `8:00 AM`; midnight is 12:00 AM, noon 12:00 PM. */
export function clock(hour: number, minute: number, locale: Locale): string {
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  if (locale === 'ko') return `${hour < 12 ? '오전' : '오후'} ${h12}:${pad(minute)}`;
  return `${h12}:${pad(minute)} ${hour < 12 ? 'AM' : 'PM'}`;
}

/** Several times of day: `오전 9:00, 오후 6:00` / `9:00 AM and 6:00 PM`. */
export function clocks(hours: number[], minute: number, locale: Locale): string {
  const times = hours.map((h) => clock(h, minute, locale));
  return locale === 'ko' ? times.join(', ') : andList(times);
}

/** `매시간 정각` / `Every hour on the hour`, `매시간 15분` / `Every hour at :15`. */
export function hourlyAt(minute: number, locale: Locale): string {
  const ko = locale === 'ko';
  if (minute === 0) return ko ? '매시간 정각' : 'Every hour on the hour';
  return ko ? `매시간 ${minute}분` : `Every hour at :${pad(minute)}`;
}

/** `1st`, `2nd`, `11th`, `23rd`. */
export function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

/** `a`, `a and b`, `a, b and c`. */
export function andList(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export const pad = (n: number) => String(n).padStart(2, '0');
