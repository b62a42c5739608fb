/**
 * A user's cron expression in words, Korean or English. The patterns people
 * write most (every N minutes, hourly, daily, on weekdays, on days of the
 * month) read exactly like our own frequencies: `매주 평일 오전 9:00`,
 * `Every weekday at 9:00 AM`. Anything else goes to cronstrue, whose Korean
 * locale is the only one loaded besides its built-in English (the web bundle
 * carries cronstrue, so every other locale is left out). Synchronous and
 * browser-safe; cronstrue loads on the first expression it has to read, not
 * with the module (most cold starts of a function never describe a cron).
 *
 * Cron's day-of-week is 0 or 7 = Sunday, 1 = Monday; ours is 1 = Monday …
 * 7 = Sunday. A day-of-month and a day-of-week both given mean either one, and
 * a day field starting with `*` (a step such as `*\/2`) makes both required
 * (Vixie cron, as `pattern.ts` evaluates them).
 */
import type * as Cronstrue from 'cronstrue';
import type { Locale } from '../locale';
import { normaliseCron } from './pattern';
import { andList, clocks, hourlyAt, ordinal, pad, weekdays } from './words';

// Bundlers (esbuild for the functions and the web) inline these require() calls and run them when reached.
declare const require: (id: string) => unknown;
let cronstrue: typeof Cronstrue | undefined;

/** cronstrue with its Korean locale, loaded once. */
function cronstrueText(cron: string, options: Parameters<typeof Cronstrue.toString>[1]): string {
  if (!cronstrue) {
    cronstrue = require('cronstrue') as typeof Cronstrue;
    require('cronstrue/locales/ko');
  }
  return cronstrue.toString(cron, options);
}

/** What a cron expression says, and whether it names a day some months lack (29–31). */
export interface CronWords {
  text: string;
  /** A day of the month past the 28th: shorter months skip it. */
  skipsShortMonths: boolean;
}

/** Describes a cron expression; an expression nobody can read is shown as it is, never thrown. */
export function describeCron(expression: string, locale: Locale): CronWords {
  const cron = normaliseCron(expression);
  const fields = cron.split(' ');
  if (fields.length === 5) {
    const simple = commonPattern(fields as Fields, locale);
    if (simple) return simple;
  }
  try {
    const text = cronstrueText(cron, {
      locale,
      use24HourTimeFormat: false,
      trimHoursLeadingZero: true,
      throwExceptionOnParseError: true,
    });
    // cronstrue joins the two day fields with "and", which reads as either; say when both must match.
    if (fields.length === 5 && bothDaysRequired(fields as Fields)) {
      return {
        text: `${text} ${locale === 'ko' ? '(날짜와 요일이 모두 맞는 날만)' : '(only when both the day and the weekday match)'}`,
        skipsShortMonths: false,
      };
    }
    return { text, skipsShortMonths: false };
  } catch {
    return { text: locale === 'ko' ? `cron 일정 ${cron}` : `Cron schedule ${cron}`, skipsShortMonths: false };
  }
}

type Fields = [minute: string, hour: string, dayOfMonth: string, month: string, dayOfWeek: string];

const unrestricted = (field: string) => field === '*' || field === '?';

/** Both day fields restricted, one of them starting with `*` (a step): Vixie cron requires both (pattern.ts). */
function bothDaysRequired([, , dom, , dow]: Fields): boolean {
  return !unrestricted(dom) && !unrestricted(dow) && (dom.startsWith('*') || dow.startsWith('*'));
}

/** The common shapes, in the words of our own frequencies; null for anything else. */
function commonPattern([m, h, dom, month, dow]: Fields, locale: Locale): CronWords | null {
  const ko = locale === 'ko';
  const words = (text: string, skipsShortMonths = false): CronWords => ({ text, skipsShortMonths });
  if (month !== '*') return null;
  const anyDay = (dom === '*' || dom === '?') && (dow === '*' || dow === '?');

  if (anyDay && h === '*') {
    if (m === '*') return words(ko ? '매분' : 'Every minute');
    const every = step(m, 59);
    if (every === 1) return words(ko ? '매분' : 'Every minute');
    if (every) return words(ko ? `${every}분마다` : `Every ${every} minutes`);
  }
  const minute = integer(m, 0, 59);
  if (minute === null) return null;
  if (anyDay && h === '*') return words(hourlyAt(minute, locale));

  const everyHours = step(h, 23);
  // Only steps that divide the day keep the same gap across midnight.
  if (anyDay && everyHours && 24 % everyHours === 0) {
    if (everyHours === 1) return words(hourlyAt(minute, locale));
    if (ko) return words(`${everyHours}시간마다 ${minute === 0 ? '정각' : `${minute}분`}`);
    return words(`Every ${everyHours} hours ${minute === 0 ? 'on the hour' : `at :${pad(minute)}`}`);
  }

  const hours = integers(h, 0, 23);
  if (!hours || hours.length > 4) return null;
  const at = clocks(hours, minute, locale);
  if (bothDaysRequired([m, h, dom, month, dow])) return stepDaysOnWeekdays(dom, dow, at, locale);
  const days = dow === '*' || dow === '?' ? undefined : daysOfWeek(dow);
  const dates = dom === '*' || dom === '?' ? undefined : integers(dom, 1, 31);
  if (days === null || dates === null) return null;

  if ((!days && !dates) || days?.length === 7) return words(ko ? `매일 ${at}` : `Every day at ${at}`);
  const skips = Boolean(dates?.some((d) => d > 28));
  if (days && !dates) return words(`${weekdays(days, locale)} ${ko ? at : `at ${at}`}`);
  if (dates && !days) {
    return words(
      ko
        ? `매월 ${dates.map((d) => `${d}일`).join(', ')} ${at}`
        : `Monthly on the ${andList(dates.map(ordinal))} at ${at}`,
      skips,
    );
  }
  // Both given as plain lists: cron runs on either (a `*` step would make both required; cronstrue says that).
  const onDays = weekdays(days ?? [], locale);
  if (ko) return words(`매월 ${dates?.map((d) => `${d}일`).join(', ')}과 ${onDays} ${at}`, skips);
  const dateList = andList((dates ?? []).map(ordinal));
  return words(`On the ${dateList} of each month and ${lowerFirst(onDays)} at ${at}`, skips);
}

/**
 * `0 9 *\/2 * 1`: Mondays that fall on an odd day. Only a day-of-month step with
 * plain weekdays is put in our words; anything else is left to cronstrue.
 */
function stepDaysOnWeekdays(dom: string, dow: string, at: string, locale: Locale): CronWords | null {
  const every = step(dom, 31);
  const days = daysOfWeek(dow);
  if (!every || !days) return null;
  const dates = Array.from({ length: Math.ceil(31 / every) }, (_, i) => 1 + i * every);
  const shown = dates.slice(0, 3);
  if (locale === 'ko') {
    return {
      text: `${weekdays(days, 'ko')} ${at}, 단 ${shown.join(', ')}…일처럼 ${every}일 간격인 날만`,
      skipsShortMonths: false,
    };
  }
  const list = `${shown.map(ordinal).join(', ')}…`;
  return {
    text: `${weekdays(days, 'en')} at ${at}, only on every ${ordinal(every)} day of the month (${list})`,
    skipsShortMonths: false,
  };
}

/** `*\/N` or `0/N` in a field: N, or null. */
function step(field: string, max: number): number | null {
  const match = /^(?:\*|0)\/(\d+)$/.exec(field);
  const n = Number(match?.[1]);
  return match && n >= 1 && n <= max ? n : null;
}

function integer(field: string, min: number, max: number): number | null {
  if (!/^\d{1,2}$/.test(field)) return null;
  const n = Number(field);
  return n >= min && n <= max ? n : null;
}

/** A list of numbers and ranges (`1,15`, `9-17`) as sorted numbers; null for steps, names or out-of-range values. */
function integers(field: string, min: number, max: number): number[] | null {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const range = /^(\d{1,2})(?:-(\d{1,2}))?$/.exec(part);
    if (!range) return null;
    const from = Number(range[1]);
    const to = Number(range[2] ?? range[1]);
    if (from < min || to > max || from > to) return null;
    for (let n = from; n <= to; n++) out.add(n);
  }
  return [...out].sort((a, b) => a - b);
}

const DAY_NAMES: Record<string, string> = { SUN: '0', MON: '1', TUE: '2', WED: '3', THU: '4', FRI: '5', SAT: '6' };

/** Cron weekdays (0 or 7 = Sunday, names allowed) as ours, 1 = Monday … 7 = Sunday; null when not a plain list. */
function daysOfWeek(field: string): number[] | null {
  const numeric = field.toUpperCase().replace(/[A-Z]{3}/g, (name) => DAY_NAMES[name] ?? name);
  const days = integers(numeric, 0, 7);
  return days && [...new Set(days.map((d) => (d === 0 ? 7 : d)))];
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
