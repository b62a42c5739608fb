/**
 * Time zones: which names the platform accepts, and what people call them.
 * Browser-safe: only `Intl`, which every supported browser and Node 22 have.
 */

import type { Locale } from '../locale';

/** An IANA zone name (`Area/City`, `Etc/GMT+5`) or `UTC`; offsets such as `+09:00` are not zones. */
const IANA_SHAPE = /^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/;

/**
 * The zone's name as the platform stores it, or null when it is not an IANA zone
 * this runtime knows. Only the letter case is normalised (`asia/seoul` →
 * `Asia/Seoul`); links such as `US/Eastern` stay as written, because ICU resolves
 * some of them to surprising names (`EST` → `America/Panama`).
 */
export function canonicalTimeZone(name: string): string | null {
  let canonical = canonicalZones.get(name);
  if (canonical === undefined) {
    canonical = resolveZone(name);
    // Only real zones are kept, so a stream of made-up names cannot grow the map.
    if (canonical !== null) canonicalZones.set(name, canonical);
  }
  return canonical;
}

/** Zone names as written → as stored (ICU takes about a millisecond to resolve one). */
const canonicalZones = new Map<string, string | null>();

function resolveZone(name: string): string | null {
  if (!IANA_SHAPE.test(name)) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  if (resolved.toLowerCase() === name.toLowerCase()) return resolved;
  const listed = supportedZones().find((z) => z.toLowerCase() === name.toLowerCase());
  return listed ?? name;
}

let zones: string[] | undefined;
function supportedZones(): string[] {
  zones ??= typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return zones;
}

/** City names for the zones people pick most; others fall back to the zone's own city part. */
const CITY: Record<string, { ko: string; en: string }> = {
  UTC: { ko: 'UTC', en: 'UTC' },
  'Etc/UTC': { ko: 'UTC', en: 'UTC' },
  'Asia/Seoul': { ko: '서울', en: 'Seoul' },
  'Asia/Tokyo': { ko: '도쿄', en: 'Tokyo' },
  'Asia/Shanghai': { ko: '상하이', en: 'Shanghai' },
  'Asia/Hong_Kong': { ko: '홍콩', en: 'Hong Kong' },
  'Asia/Singapore': { ko: '싱가포르', en: 'Singapore' },
  'Asia/Kolkata': { ko: '콜카타', en: 'Kolkata' },
  'Asia/Dubai': { ko: '두바이', en: 'Dubai' },
  'Europe/London': { ko: '런던', en: 'London' },
  'Europe/Paris': { ko: '파리', en: 'Paris' },
  'Europe/Berlin': { ko: '베를린', en: 'Berlin' },
  'America/New_York': { ko: '뉴욕', en: 'New York' },
  'America/Chicago': { ko: '시카고', en: 'Chicago' },
  'America/Denver': { ko: '덴버', en: 'Denver' },
  'America/Los_Angeles': { ko: '로스앤젤레스', en: 'Los Angeles' },
  'America/Sao_Paulo': { ko: '상파울루', en: 'São Paulo' },
  'Australia/Sydney': { ko: '시드니', en: 'Sydney' },
  'Pacific/Auckland': { ko: '오클랜드', en: 'Auckland' },
};

/** The regions IANA names its geographic zones under (`Asia/Seoul`); legacy links use others (`US/Eastern`). */
const AREA = /^(?:Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)\/[A-Za-z0-9_+/-]+$/;

/**
 * What to call a zone in text: `서울` / `Seoul`; other geographic zones show
 * their city part (`Buenos Aires`). A legacy or unknown name (`US/Eastern`,
 * `EST`) shows as written rather than as a misleading fragment, and a missing
 * one as UTC, the schema's default. Never throws.
 */
export function zoneLabel(timeZone: string, locale: Locale): string {
  if (typeof timeZone !== 'string' || !timeZone) return 'UTC';
  const known = CITY[timeZone];
  if (known) return known[locale];
  if (!AREA.test(timeZone)) return timeZone;
  const city = timeZone.split('/').pop() ?? timeZone;
  return city.replace(/_/g, ' ');
}
