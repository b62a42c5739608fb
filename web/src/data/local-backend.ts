/**
 * The local stack's adapter: a guest token from `POST /__local/guest`, kept in
 * localStorage so a reload keeps the same guest, and live reads over the
 * server-sent-events feed `GET /__local/live`, which refuses any query without
 * the caller's own `userId` clause exactly as firestore.rules do.
 */
import type { Backend, LiveDoc, Unsubscribe } from './backend';
import { ApiError, errorFromResponse } from './errors';
import type { LiveQuery } from './queries';
import type { LinkOutcome, Session } from './session';

const STORAGE_KEY = 'ap.guest';

interface Guest {
  uid: string;
  idToken: string;
}

type EventSourceLike = Pick<EventSource, 'addEventListener' | 'close' | 'readyState'>;

export interface LocalBackendDeps {
  fetch: typeof fetch;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  openEventSource: (url: string) => EventSourceLike;
}

export class LocalBackend implements Backend {
  readonly mode = 'local' as const;
  readonly canLinkGoogle = false;
  private guest: Guest | null = null;

  constructor(private readonly deps: LocalBackendDeps) {}

  async start(): Promise<Session> {
    this.guest = this.readStored() ?? (await this.newGuest());
    return { uid: this.guest.uid, isAnonymous: true };
  }

  /** Local guest tokens last 30 days and have no refresh; the same one is returned. */
  async idToken(): Promise<string> {
    if (!this.guest) throw new Error('idToken() before start()');
    return this.guest.idToken;
  }

  watch(query: LiveQuery, next: (docs: LiveDoc[]) => void, fail: (err: ApiError) => void): Unsubscribe {
    if (!this.guest) throw new Error('watch() before start()');
    const url = `/__local/live?token=${encodeURIComponent(this.guest.idToken)}&query=${encodeURIComponent(JSON.stringify(query))}`;
    const source = this.deps.openEventSource(url);
    let closed = false;
    source.addEventListener('snapshot', (e) => {
      const { docs } = JSON.parse((e as MessageEvent<string>).data) as { docs: LiveDoc[] };
      next(docs);
    });
    source.addEventListener('error', (e) => {
      if (closed) return;
      const data = (e as MessageEvent<string>).data;
      if (typeof data === 'string' && data) {
        // The server's own `error` event: the query was refused; it will not recover.
        closed = true;
        source.close();
        const body = JSON.parse(data) as { code?: string; message?: string };
        fail(new ApiError((body.code as ApiError['code']) ?? 'internal', body.message ?? 'Live query refused'));
      } else if (source.readyState === 2 /* CLOSED */) {
        // EventSource gives up on a non-200 answer (a refused query, an expired token)
        // without showing it; ask once more with fetch to read the error body.
        closed = true;
        void this.explainRefusal(url).then(fail);
      }
      // Otherwise EventSource reconnects by itself and the next snapshot resyncs.
    });
    return () => {
      closed = true;
      source.close();
    };
  }

  private async explainRefusal(url: string): Promise<ApiError> {
    const abort = new AbortController();
    try {
      const res = await this.deps.fetch(url, { signal: abort.signal });
      if (!res.ok) return await errorFromResponse(res);
    } catch {
      // The server is unreachable.
    } finally {
      abort.abort();
    }
    return new ApiError('unavailable', 'Lost the live connection to the server');
  }

  async linkGoogle(): Promise<LinkOutcome> {
    throw new ApiError(
      'permission_denied',
      'Linking a Google account needs Firebase; the local stack has guests only.',
    );
  }

  private readStored(): Guest | null {
    try {
      const g = JSON.parse(this.deps.storage.getItem(STORAGE_KEY) ?? 'null') as Guest | null;
      return g && typeof g.uid === 'string' && typeof g.idToken === 'string' ? g : null;
    } catch {
      return null;
    }
  }

  private async newGuest(): Promise<Guest> {
    const res = await this.deps.fetch('/__local/guest', { method: 'POST' });
    if (!res.ok) throw await errorFromResponse(res);
    const guest = (await res.json()) as Guest;
    this.deps.storage.setItem(STORAGE_KEY, JSON.stringify({ uid: guest.uid, idToken: guest.idToken }));
    return guest;
  }
}
