/**
 * Shared `Intl.DateTimeFormat` instances. Building one costs about a millisecond
 * (ICU loads the zone and the locale's patterns), far more than formatting with
 * it, and a run or a schedule computation needs the same few again and again:
 * one per (locale, options), kept for the life of the process.
 * Browser-safe.
 */

const cache = new Map<string, Intl.DateTimeFormat>();
/** Zones × option sets in use stay far below this; past it the cache starts over rather than grow. */
const MAX_ENTRIES = 2_000;

/** `new Intl.DateTimeFormat(locale, options)`, built once per distinct pair. Throws as the constructor does. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, format);
  }
  return format;
}
