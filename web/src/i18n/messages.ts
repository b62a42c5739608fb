/**
 * Every user-facing string, in English (en.ts) and Korean (ko.ts). `t()` reads the
 * current locale; strings with values are functions so word order can differ
 * between languages.
 */
import { getLocale } from '../state/locale';
import { en, type Messages } from './en';
import { ko } from './ko';

export type { Messages };

const catalogs: Record<'en' | 'ko', Messages> = { en: en as unknown as Messages, ko };

/** The current locale's catalog; `t().name` or `t().saved(name)`. */
export function t(): Messages {
  return catalogs[getLocale()];
}

/** One locale's catalog (tests read the words a user would see). */
export function messagesFor(locale: 'en' | 'ko'): Messages {
  return catalogs[locale];
}
