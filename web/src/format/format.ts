/**
 * Dates, numbers, money and durations in the user's locale and time zone (the
 * browser's). All inputs are ISO-8601 UTC strings or plain numbers.
 */
import { getLocale, type Locale } from '../state/locale';

const tag = (l: Locale) => (l === 'ko' ? 'ko-KR' : 'en-US');

/** "Mon, Nov 23, 8:00 AM" / "11월 23일 (월) 오전 8:00", in the browser's time zone. */
export function formatDateTime(iso: string | null | undefined, locale = getLocale(), timeZone?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(tag(locale), {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    ...(d.getFullYear() !== new Date().getFullYear() ? { year: 'numeric' } : {}),
    ...(timeZone ? { timeZone } : {}),
  }).format(d);
}

/**
 * "in 3 hours" / "3시간 후", "5 minutes ago" / "5분 전". A day or more away counts calendar
 * days in the time zone (the browser's unless given), so "tomorrow" / "모레" name the right
 * day: 42 hours ahead on a Monday morning is Wednesday, but on a Monday at 1am it is Tuesday.
 */
export function formatRelative(
  iso: string | null | undefined,
  now = Date.now(),
  locale = getLocale(),
  timeZone?: string,
): string {
  if (!iso) return '';
  const at = new Date(iso).getTime();
  if (Number.isNaN(at)) return '';
  const diff = at - now;
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(tag(locale), { numeric: 'auto' });
  if (abs >= 86_400_000) return rtf.format(calendarDay(at, timeZone) - calendarDay(now, timeZone), 'day');
  if (abs >= 3_600_000) return rtf.format(Math.trunc(diff / 3_600_000), 'hour');
  if (abs >= 60_000) return rtf.format(Math.trunc(diff / 60_000), 'minute');
  return rtf.format(Math.trunc(diff / 10_000) * 10, 'second');
}

/** The day number (days since 1970-01-01) of an instant's date in a time zone. */
function calendarDay(ms: number, timeZone?: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(ms);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / 86_400_000;
}

/** "8:05:12 AM" / "오전 8:05:12": a time of day in the locale (a run log's lines). */
export function formatTime(iso: string | null | undefined, locale = getLocale(), timeZone?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(tag(locale), {
    hour: 'numeric',
    minute: '2-digit',
    second: '2-digit',
    ...(timeZone ? { timeZone } : {}),
  }).format(d);
}

/** "11/30 8:00 AM" / "11. 30. 오전 8:00": a date and time short enough for one line of a narrow list. */
export function formatShortDateTime(iso: string | null | undefined, locale = getLocale(), timeZone?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(tag(locale), {
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    ...(d.getFullYear() !== new Date().getFullYear() ? { year: '2-digit' } : {}),
    ...(timeZone ? { timeZone } : {}),
  }).format(d);
}

/** A time zone by its name in the locale and its IANA id: "Korean Standard Time (Asia/Seoul)" / "한국 표준시 (Asia/Seoul)". */
export function zoneLabel(zone: string, locale = getLocale()): string {
  try {
    const name = new Intl.DateTimeFormat(tag(locale), { timeZone: zone, timeZoneName: 'longGeneric' })
      .formatToParts(new Date())
      .find((p) => p.type === 'timeZoneName')?.value;
    return name && name !== zone ? `${name} (${zone})` : zone;
  } catch {
    return zone;
  }
}

/** Whole numbers with grouping: 12,345. */
export function formatNumber(n: number | null | undefined, locale = getLocale()): string {
  return new Intl.NumberFormat(tag(locale)).format(n ?? 0);
}

/** Token counts, compact past ten thousand: 12.3K / 1.2만. */
export function formatTokens(n: number | null | undefined, locale = getLocale()): string {
  const v = n ?? 0;
  if (v < 10_000) return formatNumber(v, locale);
  return new Intl.NumberFormat(tag(locale), { notation: 'compact', maximumFractionDigits: 1 }).format(v);
}

/** US dollars; small amounts keep enough digits to not read as zero ($0.0042). */
export function formatCost(usd: number | null | undefined, locale = getLocale()): string {
  const v = usd ?? 0;
  const digits = v === 0 ? 2 : v < 0.01 ? 4 : v < 1 ? 3 : 2;
  return new Intl.NumberFormat(tag(locale), {
    style: 'currency',
    currency: 'USD',
    currencyDisplay: 'narrowSymbol', // "$" in Korean too, not "US$"
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(v);
}

/** "1.2 s", "3 min 5 s" / "3분 5초". */
export function formatDuration(ms: number | null | undefined, locale = getLocale()): string {
  if (ms == null || ms < 0 || Number.isNaN(ms)) return '';
  const unit = (value: number, u: 'second' | 'minute' | 'hour', digits = 0) =>
    new Intl.NumberFormat(tag(locale), {
      style: 'unit',
      unit: u,
      unitDisplay: 'narrow',
      maximumFractionDigits: digits,
    }).format(value);
  if (ms < 60_000) return unit(ms / 1000, 'second', ms < 10_000 ? 1 : 0);
  const totalS = Math.round(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  if (h > 0) return `${unit(h, 'hour')} ${unit(m, 'minute')}`;
  return s ? `${unit(m, 'minute')} ${unit(s, 'second')}` : unit(m, 'minute');
}

/** Milliseconds between two ISO times, or null when either is missing. */
export function durationMs(start?: string | null, end?: string | null): number | null {
  if (!start || !end) return null;
  return new Date(end).getTime() - new Date(start).getTime();
}

/** The first instant of the current month in the user's time zone, as ISO UTC. */
export function startOfMonthIso(now = new Date()): string {
  return new Date(now.getFullYear(), now.getMonth(), 1).toISOString();
}

/** "2026-11", the month key the server keeps usage under (UTC). */
export function monthKey(now = new Date()): string {
  return now.toISOString().slice(0, 7);
}
