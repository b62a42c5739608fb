/**
 * The language a request asks its answers in: `Accept-Language` (RFC 9110 §12.5.4),
 * Korean when a Korean tag is preferred over English, else English. Error messages
 * follow it (docs/api.md "Errors"); codes and details never do.
 */
import { type Locale, localeFromLanguages } from '@agent-platform/core/locale';

interface HasHeaders {
  headers: Record<string, string | string[] | undefined>;
}

export function requestLocale(req: HasHeaders | undefined): Locale {
  const header = req?.headers['accept-language'];
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return 'en';
  const ranked = value
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.tag && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  return localeFromLanguages(ranked.map((entry) => entry.tag));
}
