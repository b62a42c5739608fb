/**
 * What the agent schema's problems say, in Korean and English: one message per
 * issue, and the API's `details` (`{field, message}`) built from them. The web
 * form shows the same messages next to its fields.
 */
import type { FieldIssue } from '../errors';
import type { Locale } from '../locale';
import type * as z from '../zod';

export type Issue = z.core.$ZodIssue;

/** Keys of the custom issues the agent schema raises; each is worded below. */
export type CustomKey =
  | 'blank'
  | 'controlChars'
  | 'malformed'
  | 'timeRequired'
  | 'daysRequired'
  | 'dayRequired'
  | 'cronRequired'
  | 'notForFrequency'
  | 'duplicate'
  | 'timezone'
  | 'cronFields'
  | 'cronSyntax'
  | 'cronNever'
  | 'emptyPatch';

/** `schedule.daysOfWeek[1]`: the dotted path of an issue, array positions in brackets. */
export function fieldName(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/** One `{field, message}` per bad field; unknown fields are named one by one. */
export function issueDetails(issues: readonly Issue[], locale: Locale = 'en'): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ field: fieldName([...issue.path, key]), message: issueMessage(issue, locale) });
      }
    } else {
      out.push({ field: fieldName(issue.path) || '(body)', message: issueMessage(issue, locale) });
    }
  }
  return out;
}

const CUSTOM: Record<CustomKey, Record<Locale, (p: Record<string, unknown>) => string>> = {
  blank: { en: () => 'Must not be empty.', ko: () => '비어 있으면 안 됩니다.' },
  controlChars: {
    en: () => 'Remove control characters (and, in a name, line breaks).',
    ko: () => '제어 문자(이름에서는 줄바꿈도)를 빼 주세요.',
  },
  malformed: { en: () => 'Contains invalid Unicode text.', ko: () => '올바르지 않은 유니코드 문자가 있습니다.' },
  timeRequired: {
    en: () => 'Give the time as HH:MM (24-hour), e.g. 08:00.',
    ko: () => '시간을 HH:MM(24시간) 형식으로 입력하세요. 예: 08:00',
  },
  daysRequired: {
    en: () => 'Pick at least one day of the week (1 = Monday … 7 = Sunday).',
    ko: () => '요일을 하나 이상 고르세요 (1 = 월요일 … 7 = 일요일).',
  },
  dayRequired: { en: () => 'Pick a day of the month, 1–31.', ko: () => '날짜를 1–31 중에서 고르세요.' },
  cronRequired: {
    en: () => 'Give a five-field cron expression, e.g. "0 8 * * 1".',
    ko: () => '다섯 필드의 cron 식을 입력하세요. 예: "0 8 * * 1"',
  },
  notForFrequency: {
    en: (p) => `Does not apply to a ${String(p.frequency)} schedule; leave it out.`,
    ko: (p) => `${String(p.frequency)} 일정에는 쓰지 않는 항목입니다. 빼 주세요.`,
  },
  duplicate: { en: () => 'Lists each value only once.', ko: () => '같은 값을 두 번 넣을 수 없습니다.' },
  timezone: {
    en: () => 'Not a known IANA time zone, e.g. "Asia/Seoul" or "UTC".',
    ko: () => '알 수 없는 시간대입니다. 예: "Asia/Seoul", "UTC"',
  },
  cronFields: {
    en: () => 'A cron expression has exactly five fields: minute hour day month weekday.',
    ko: () => 'cron 식은 분 시 일 월 요일, 다섯 필드여야 합니다.',
  },
  cronSyntax: { en: () => 'Not a valid cron expression.', ko: () => '올바른 cron 식이 아닙니다.' },
  cronNever: {
    en: () => 'This cron expression never runs (e.g. February 30).',
    ko: () => '이 cron 식은 한 번도 실행되지 않습니다 (예: 2월 30일).',
  },
  emptyPatch: { en: () => 'Send at least one field to change.', ko: () => '바꿀 항목을 하나 이상 보내세요.' },
};

const TYPE_NAMES: Record<string, Record<Locale, string>> = {
  string: { en: 'text', ko: '문자열' },
  number: { en: 'a number', ko: '숫자' },
  int: { en: 'a whole number', ko: '정수' },
  array: { en: 'a list', ko: '목록' },
  object: { en: 'an object', ko: '객체' },
};

/** The message for one issue in Korean or English (the web form shows these). */
export function issueMessage(issue: Issue, locale: Locale): string {
  const ko = locale === 'ko';
  switch (issue.code) {
    case 'custom': {
      const key = (issue.params as { key?: CustomKey } | undefined)?.key;
      return key && CUSTOM[key] ? CUSTOM[key][locale](issue.params ?? {}) : issue.message;
    }
    case 'unrecognized_keys':
      return ko ? '알 수 없는 항목입니다.' : 'Unknown field.';
    case 'invalid_type': {
      if ('input' in issue && issue.input === undefined) return ko ? '필수 항목입니다.' : 'Required.';
      const type = TYPE_NAMES[issue.expected]?.[locale] ?? issue.expected;
      return ko ? `${type}이어야 합니다.` : `Must be ${type}.`;
    }
    case 'too_small':
      if (issue.origin === 'string') {
        return ko ? `최소 ${issue.minimum}자 이상이어야 합니다.` : `Must be at least ${issue.minimum} characters.`;
      }
      if (issue.origin === 'array')
        return ko ? `최소 ${issue.minimum}개가 필요합니다.` : `Needs at least ${issue.minimum}.`;
      return ko ? `${issue.minimum} 이상이어야 합니다.` : `Must be at least ${issue.minimum}.`;
    case 'too_big':
      if (issue.origin === 'string') {
        return ko ? `최대 ${issue.maximum}자까지 쓸 수 있습니다.` : `Must be at most ${issue.maximum} characters.`;
      }
      if (issue.origin === 'array')
        return ko ? `최대 ${issue.maximum}개까지입니다.` : `At most ${issue.maximum} items.`;
      return ko ? `${issue.maximum} 이하여야 합니다.` : `Must be at most ${issue.maximum}.`;
    case 'invalid_value': {
      const values = issue.values.map(String).join(', ');
      return ko ? `다음 중 하나여야 합니다: ${values}` : `Must be one of: ${values}.`;
    }
    case 'invalid_format':
      if (issue.path[issue.path.length - 1] === 'time') return CUSTOM.timeRequired[locale]({});
      return ko ? '형식이 올바르지 않습니다.' : 'Has the wrong format.';
    default:
      return issue.message;
  }
}
