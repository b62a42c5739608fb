/**
 * Picks the Backend adapter for where the app is served. Firebase Hosting
 * answers `/__/firebase/init.json` with the project's web config; the local
 * stack does not, so anything else means the local stack. The Firebase adapter
 * is imported lazily: the local stack never loads the SDK, and production loads
 * it after the first screen's own JavaScript.
 *
 * A deployment that enforces App Check writes its reCAPTCHA Enterprise site key
 * to `/app-check.json` (scripts/deploy.sh); without it the app sends no App
 * Check token.
 */
import type { Backend } from './backend';
import { LocalBackend } from './local-backend';

export async function connect(fetchFn: typeof fetch = fetch.bind(globalThis)): Promise<Backend> {
  const config = await fetchFn('/__/firebase/init.json')
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null);
  if (config && typeof config === 'object' && typeof (config as { projectId?: unknown }).projectId === 'string') {
    const [{ FirebaseBackend }, siteKey] = await Promise.all([import('./firebase-backend'), appCheckSiteKey(fetchFn)]);
    return new FirebaseBackend(config, {}, siteKey);
  }
  return new LocalBackend({
    fetch: fetchFn,
    storage: localStorage,
    openEventSource: (url) => new EventSource(url),
  });
}

/** The site key from `/app-check.json`; null when absent (Hosting then answers index.html) or empty. */
async function appCheckSiteKey(fetchFn: typeof fetch): Promise<string | null> {
  const body = await fetchFn('/app-check.json')
    .then((r) => (r.ok && (r.headers.get('content-type') ?? '').includes('json') ? r.json() : null))
    .catch(() => null);
  const siteKey = (body as { siteKey?: unknown } | null)?.siteKey;
  return typeof siteKey === 'string' && siteKey !== '' ? siteKey : null;
}
