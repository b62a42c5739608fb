/**
 * The app's one data client (backend + API), set once at start-up by the app
 * shell. Controllers and pages reach data only through it, so tests can put
 * fakes in its place.
 */
import type { Api } from './api';
import type { Backend } from './backend';
import type { Session } from './session';

export interface DataClient {
  backend: Backend;
  api: Api;
  session: Session;
  /** Whether the local stack answers with its offline stand-in model. */
  offlineModel: boolean;
}

let current: DataClient | null = null;
const listeners = new Set<() => void>();

/** Sets (or, after linking a Google account, updates) the client and tells subscribers. */
export function setClient(client: DataClient): void {
  current = client;
  for (const fn of listeners) fn();
}

export function onClientChange(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function client(): DataClient {
  if (!current) throw new Error('The data client is used before the session started');
  return current;
}
