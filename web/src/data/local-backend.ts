/**
 * The local stack's adapter. A guest signs up with `POST /__local/guest` (the
 * local Identity Toolkit anonymous sign-up) and is kept in localStorage, with
 * its refresh token, so a reload keeps the same guest; fresh ID tokens come
 * from `POST /__local/token` (the local Secure Token API), as the Firebase SDK
 * gets them (web/src/data/firebase-backend.ts). Live reads go over the
 * server-sent-events feed `GET /__local/live`, which refuses any query without
 * the caller's own `userId` clause exactly as firestore.rules do, and ends
 * when its token expires, as a Firestore listener does; the feed is then
 * opened again with a fresh token.
 */
import type { Backend, LiveDoc, Unsubscribe } from './backend';
import { ApiError, errorFromResponse, toApiError } from './errors';
import { LocalAppCheckTokens } from './local-app-check';
import type { LiveQuery } from './queries';
import type { LinkOutcome, Session } from './session';

const STORAGE_KEY = 'ap.guest';
/**
 * A token this close to its expiry is replaced before use: the Firebase SDK
 * refreshes its user's token five minutes before expiry (ProactiveRefresh in
 * https://github.com/firebase/firebase-js-sdk/blob/main/packages/auth/src/core/user/proactive_refresh.ts).
 */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

interface Guest {
  uid: string;
  idToken: string;
  refreshToken: string;
  /**
   * When the ID token expires by this browser's clock: the time it was asked
   * for plus its `expiresIn`, as the SDK counts it (StsTokenManager in
   * https://github.com/firebase/firebase-js-sdk/blob/main/packages/auth/src/core/user/token_manager.ts),
   * so a browser clock that is off does not matter.
   */
  expiresAt: number;
}

type EventSourceLike = Pick<EventSource, 'addEventListener' | 'close' | 'readyState'>;

export interface LocalBackendDeps {
  fetch: typeof fetch;
  storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  openEventSource: (url: string) => EventSourceLike;
  /** The browser's clock in milliseconds (Date.now unless a test moves it). */
  now?: () => number;
}

export class LocalBackend implements Backend {
  readonly mode = 'local' as const;
  readonly canLinkGoogle = false;
  private guest: Guest | null = null;
  private refreshing: Promise<Guest> | null = null;
  private readonly now: () => number;
  private readonly appCheck: LocalAppCheckTokens;

  constructor(private readonly deps: LocalBackendDeps) {
    this.now = deps.now ?? Date.now;
    this.appCheck = new LocalAppCheckTokens(deps.fetch, this.now);
  }

  async start(): Promise<Session> {
    const stored = this.readStored();
    this.guest = stored ? await this.resume(stored) : await this.newGuest();
    return { uid: this.guest.uid, isAnonymous: true };
  }

  /** A current ID token: the kept one while it has more than five minutes left, else (or when asked) a fresh one. */
  async idToken(forceRefresh = false): Promise<string> {
    if (!this.guest) throw new Error('idToken() before start()');
    if (!forceRefresh && this.isFresh(this.guest)) return this.guest.idToken;
    return (await this.refresh()).idToken;
  }

  /** The local stack's App Check token (the functions check it when APP_CHECK_ENFORCE=true). */
  appCheckToken(refresh = false): Promise<string | null> {
    return this.appCheck.token(refresh);
  }

  watch(query: LiveQuery, next: (docs: LiveDoc[]) => void, fail: (err: ApiError) => void): Unsubscribe {
    if (!this.guest) throw new Error('watch() before start()');
    let source: EventSourceLike | null = null;
    let stopped = false;
    // One fresh token per refusal: a feed refused again with it fails instead of looping.
    let renewed = false;

    const stop = (err?: ApiError) => {
      if (stopped) return;
      stopped = true;
      source?.close();
      if (err) fail(err);
    };
    const open = (token: string) => {
      if (stopped) return;
      const url = `/__local/live?token=${encodeURIComponent(token)}&query=${encodeURIComponent(JSON.stringify(query))}`;
      const current = this.deps.openEventSource(url);
      source = current;
      current.addEventListener('snapshot', (e) => {
        if (stopped || current !== source) return;
        renewed = false;
        const { docs } = JSON.parse((e as MessageEvent<string>).data) as { docs: LiveDoc[] };
        next(docs);
      });
      current.addEventListener('error', (e) => {
        if (stopped || current !== source) return;
        const data = (e as MessageEvent<string>).data;
        if (typeof data === 'string' && data) {
          // The server's own `error` event: the query was refused, or the token expired.
          current.close();
          const body = JSON.parse(data) as { code?: string; message?: string };
          refused(
            token,
            new ApiError((body.code as ApiError['code']) ?? 'internal', body.message ?? 'Live query refused'),
          );
        } else if (current.readyState === 2 /* CLOSED */) {
          // EventSource gives up on a non-200 answer (a refused query, an expired token)
          // without showing it; ask once more with fetch to read the error body.
          void this.explainRefusal(url).then((err) => refused(token, err));
        }
        // Otherwise EventSource reconnects by itself and the next snapshot resyncs.
      });
    };
    const refused = (token: string, err: ApiError) => {
      if (stopped) return;
      if (err.code !== 'unauthenticated' || renewed) return stop(err);
      // The token expired (or was refused): open the feed again with a fresh one. A new
      // token is asked for only if the refused one is still the current one.
      renewed = true;
      this.idToken(this.guest?.idToken === token).then(open, (e: unknown) => stop(toApiError(e)));
    };

    if (this.isFresh(this.guest)) open(this.guest.idToken);
    else this.idToken().then(open, (e: unknown) => stop(toApiError(e)));
    return () => stop();
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

  private isFresh(guest: Guest): boolean {
    return this.now() < guest.expiresAt - REFRESH_BEFORE_EXPIRY_MS;
  }

  /**
   * The kept guest, with a fresh token if its own is (nearly) expired. If the
   * stack no longer knows its refresh token (the local data directory was
   * reset), a new guest session starts: at start-up the Firebase SDK clears a
   * kept user whose token cannot be renewed (reloadAndSetCurrentUserOrClear in
   * https://github.com/firebase/firebase-js-sdk/blob/main/packages/auth/src/core/auth/auth_impl.ts),
   * and the app then signs in anonymously anew (web/src/data/firebase-backend.ts).
   */
  private async resume(stored: Guest): Promise<Guest> {
    this.guest = stored;
    if (this.isFresh(stored)) return stored;
    try {
      return await this.refresh();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'unauthenticated') return this.newGuest();
      throw err;
    }
  }

  /** One refresh at a time: callers that need a fresh token meanwhile share it. */
  private refresh(): Promise<Guest> {
    this.refreshing ??= this.requestFreshToken().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  private async requestFreshToken(): Promise<Guest> {
    const guest = this.guest as Guest;
    const asked = this.now();
    let res: Response;
    try {
      res = await this.deps.fetch('/__local/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: guest.refreshToken }).toString(),
      });
    } catch (err) {
      throw toApiError(err);
    }
    const body = (await res.json().catch(() => null)) as {
      id_token?: unknown;
      refresh_token?: unknown;
      expires_in?: unknown;
      user_id?: unknown;
      error?: { message?: unknown };
    } | null;
    if (!res.ok) {
      // The Secure Token API's refusals are 400s naming the reason (INVALID_REFRESH_TOKEN…).
      const reason = typeof body?.error?.message === 'string' ? ` (${body.error.message})` : '';
      throw res.status === 400
        ? new ApiError('unauthenticated', `The guest session can no longer be renewed${reason}.`, res.status)
        : new ApiError('unavailable', `Could not renew the guest session${reason}.`, res.status);
    }
    const expiresIn = Number(body?.expires_in);
    if (typeof body?.id_token !== 'string' || body.user_id !== guest.uid || !(expiresIn > 0)) {
      throw new ApiError('internal', 'The token service gave an answer for someone else, or no token.');
    }
    const fresh: Guest = {
      uid: guest.uid,
      idToken: body.id_token,
      refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : guest.refreshToken,
      expiresAt: asked + expiresIn * 1000,
    };
    this.guest = fresh;
    this.save(fresh);
    return fresh;
  }

  /**
   * The guest kept by an earlier visit. One kept before guests had refresh
   * tokens (no `refreshToken`; its 30-day token is refused now) is not resumed:
   * a new guest session starts instead of a page that cannot authenticate. This
   * is local data only; nothing in production was ever stored this way.
   */
  private readStored(): Guest | null {
    try {
      const g = JSON.parse(this.deps.storage.getItem(STORAGE_KEY) ?? 'null') as Partial<Guest> | null;
      const complete =
        g &&
        typeof g.uid === 'string' &&
        typeof g.idToken === 'string' &&
        typeof g.refreshToken === 'string' &&
        typeof g.expiresAt === 'number';
      return complete ? (g as Guest) : null;
    } catch {
      return null;
    }
  }

  private async newGuest(): Promise<Guest> {
    const asked = this.now();
    const res = await this.deps.fetch('/__local/guest', { method: 'POST' });
    if (!res.ok) throw await errorFromResponse(res);
    const body = (await res.json()) as { uid: string; idToken: string; refreshToken: string; expiresIn: string };
    const guest: Guest = {
      uid: body.uid,
      idToken: body.idToken,
      refreshToken: body.refreshToken,
      expiresAt: asked + Number(body.expiresIn) * 1000,
    };
    this.save(guest);
    return guest;
  }

  private save(guest: Guest): void {
    this.deps.storage.setItem(STORAGE_KEY, JSON.stringify(guest));
  }
}
