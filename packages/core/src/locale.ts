/**
 * The two languages the platform speaks, and how it tells which one a person
 * writes in. One definition for the functions, the web app and the offline
 * model.
 */

export const LOCALES = ['ko', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** True for a supported locale code. */
export function isLocale(value: unknown): value is Locale {
  return value === 'ko' || value === 'en';
}

/** The locale a browser or client asks for: Korean if a Korean language comes before English, else English. */
export function localeFromLanguages(languages: readonly string[]): Locale {
  for (const lang of languages) {
    const l = lang.trim().toLowerCase();
    if (l.startsWith('ko')) return 'ko';
    if (l.startsWith('en')) return 'en';
  }
  return 'en';
}

/** `ko` when the text has Hangul syllables, else `en`. */
export function detectLocale(text: string): Locale {
  return /[\uAC00-\uD7A3]/.test(text) ? 'ko' : 'en';
}
