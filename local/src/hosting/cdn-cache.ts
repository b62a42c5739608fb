/**
 * Hosting's CDN as far as backend responses go
 * (https://firebase.google.com/docs/hosting/manage-cache): a function's response
 * is cached only when it says `public` with `s-maxage` (or `max-age`); a 404
 * without cache headers is cached for 10 minutes, and answered to everyone who
 * asks for that URL meanwhile. Our functions mark every answer `no-store`; this
 * cache is here so that one which forgets shows it locally as it would in
 * production.
 */

const DEFAULT_404_SECONDS = 600;

export interface CachedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** How long the CDN keeps a response, in seconds (0: not at all). */
export function cacheSeconds(status: number, cacheControl: string | undefined): number {
  if (cacheControl === undefined) return status === 404 ? DEFAULT_404_SECONDS : 0;
  const directives = cacheControl
    .toLowerCase()
    .split(',')
    .map((d) => d.trim());
  if (!directives.includes('public')) return 0;
  const value = (name: string) => {
    const found = directives.find((d) => d.startsWith(`${name}=`));
    return found ? Number(found.slice(name.length + 1)) : Number.NaN;
  };
  const seconds = Number.isFinite(value('s-maxage')) ? value('s-maxage') : value('max-age');
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}

export class CdnCache {
  private readonly entries = new Map<string, { until: number; response: CachedResponse }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A fresh cached response for a GET or HEAD of `url`, or undefined. */
  get(method: string, url: string): CachedResponse | undefined {
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    const hit = this.entries.get(url);
    if (!hit) return undefined;
    if (hit.until <= this.now()) {
      this.entries.delete(url);
      return undefined;
    }
    return hit.response;
  }

  /** Keeps a backend's answer to a GET when its status and headers say the CDN may. */
  put(method: string, url: string, response: CachedResponse): void {
    if (method !== 'GET') return;
    const seconds = cacheSeconds(response.status, response.headers['cache-control']);
    if (seconds > 0) this.entries.set(url, { until: this.now() + seconds * 1000, response });
  }
}
