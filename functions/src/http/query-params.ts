/**
 * Query-string values the library endpoints take (`limit`, `locale`), checked
 * the same way everywhere: a bad one is a 400 naming the parameter, in the
 * caller's language, before anything is read.
 */

import { AppError } from '@agent-platform/core/errors';
import { isLocale, type Locale } from '@agent-platform/core/locale';
import { canonicalTimeZone } from '@agent-platform/core/schedule';

function badParameter(field: string, en: string, ko: string): AppError {
  return new AppError('invalid_argument', en, { retryable: false, ko, details: [{ field, message: en }] });
}

/** `limit`: a whole number from 1 to `max`; `fallback` when absent. */
export function parseLimit(raw: string | null, fallback: number, max: number): number {
  if (raw === null) return fallback;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > max) {
    throw badParameter(
      'limit',
      `limit must be a whole number from 1 to ${max}.`,
      `limit은(는) 1부터 ${max}까지의 정수여야 합니다.`,
    );
  }
  return n;
}

/** `locale`: `ko` or `en`; `fallback` (the request's language) when absent. */
export function parseLocale(raw: string | null, fallback: Locale): Locale {
  if (raw === null) return fallback;
  if (!isLocale(raw)) throw badParameter('locale', 'locale must be ko or en.', 'locale은(는) ko 또는 en이어야 합니다.');
  return raw;
}

/** `timezone`: an IANA zone name (its canonical spelling); UTC when absent. */
export function parseTimeZone(raw: string | null | undefined, field = 'timezone'): string {
  if (raw === null || raw === undefined) return 'UTC';
  const zone = typeof raw === 'string' ? canonicalTimeZone(raw) : null;
  if (!zone) {
    throw badParameter(
      field,
      `${field} must be an IANA time zone such as Asia/Seoul.`,
      `${field}은(는) Asia/Seoul 같은 IANA 시간대여야 합니다.`,
    );
  }
  return zone;
}
