/**
 * Picks the Backend adapter for where the app is served. Firebase Hosting
 * answers `/__/firebase/init.json` with the project's web config; the local
 * stack does not, so anything else means the local stack. The Firebase adapter
 * is imported lazily: the local stack never loads the SDK, and production loads
 * it after the first screen's own JavaScript.
 */
import type { Backend } from './backend';
import { LocalBackend } from './local-backend';

export async function connect(fetchFn: typeof fetch = fetch.bind(globalThis)): Promise<Backend> {
  const config = await fetchFn('/__/firebase/init.json')
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null);
  if (config && typeof config === 'object' && typeof (config as { projectId?: unknown }).projectId === 'string') {
    const { FirebaseBackend } = await import('./firebase-backend');
    return new FirebaseBackend(config);
  }
  return new LocalBackend({
    fetch: fetchFn,
    storage: localStorage,
    openEventSource: (url) => new EventSource(url),
  });
}
