import { createApi } from '../src/data/api';
import { ApiError } from '../src/data/errors';
import { LocalBackend, REFRESH_BEFORE_EXPIRY_MS } from '../src/data/local-backend';

type Listener = (e: { data?: string }) => void;

/** A fake EventSource the test drives by hand. */
class FakeSource {
  static all: FakeSource[] = [];
  static get last(): FakeSource {
    return FakeSource.all.at(-1) as FakeSource;
  }
  readyState = 1;
  closed = false;
  listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {
    FakeSource.all.push(this);
  }
  get token(): string | null {
    return new URL(this.url, 'http://x').searchParams.get('token');
  }
  addEventListener(type: string, fn: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  fire(type: string, data?: unknown) {
    for (const fn of this.listeners.get(type) ?? []) fn(data === undefined ? {} : { data: JSON.stringify(data) });
  }
}

function memoryStorage(initial: Record<string, string> = {}) {
  const m = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    m,
  };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 10, 29, 12, 0, 0);

interface Kept {
  uid: string;
  idToken: string;
  refreshToken?: string;
  expiresAt?: number;
}

/**
 * The backend against a fake local stack: guests sign up, refresh tokens it
 * knows get fresh ID tokens (`<uid>-token-<n>`), and the API accepts only
 * tokens it has not been told are expired. The browser's clock is the test's.
 */
function setup(kept?: Kept, opts: { liveAnswer?: () => Response } = {}) {
  const clock = { ms: T0 };
  const storage = memoryStorage(kept ? { 'ap.guest': JSON.stringify(kept) } : {});
  const knownRefreshTokens = new Map([['rt-new', 'new-uid']]);
  if (kept?.refreshToken === 'rt-kept') knownRefreshTokens.set('rt-kept', kept.uid);
  const expired = new Set<string>();
  let refreshes = 0;
  let appChecks = 0;
  const fetch = jest.fn(async (url: string, init: RequestInit = {}) => {
    if (url === '/__local/guest') {
      return json({ uid: 'new-uid', idToken: 'new-token', refreshToken: 'rt-new', expiresIn: '3600' });
    }
    if (url === '/__local/token') {
      const form = new URLSearchParams(init.body as string);
      const uid = knownRefreshTokens.get(form.get('refresh_token') ?? '');
      if (form.get('grant_type') !== 'refresh_token' || !uid) {
        return json({ error: { code: 400, message: 'INVALID_REFRESH_TOKEN', status: 'INVALID_ARGUMENT' } }, 400);
      }
      refreshes++;
      return json({
        id_token: `${uid}-token-${refreshes}`,
        access_token: `${uid}-token-${refreshes}`,
        refresh_token: form.get('refresh_token'),
        expires_in: '3600',
        token_type: 'Bearer',
        user_id: uid,
        project_id: 'local-project',
      });
    }
    if (url === '/__local/app-check') {
      appChecks++;
      return json({ token: `app-check-${appChecks}`, ttlMillis: 3_600_000 });
    }
    if (url.startsWith('/__local/live')) {
      return opts.liveAnswer?.() ?? json({ error: { code: 'permission_denied', message: 'Not yours' } }, 403);
    }
    const token = (init.headers as Record<string, string>).Authorization?.replace('Bearer ', '') ?? '';
    if (expired.has(token))
      return json({ error: { code: 'unauthenticated', message: 'The ID token has expired.' } }, 401);
    return json({ month: '2026-11', token });
  });
  FakeSource.all = [];
  const backend = new LocalBackend({
    fetch: fetch as unknown as typeof globalThis.fetch,
    storage,
    openEventSource: (url) => new FakeSource(url) as unknown as EventSource,
    now: () => clock.ms,
  });
  const calls = (url: string) => fetch.mock.calls.filter(([u]) => u === url);
  const stored = () => JSON.parse(storage.m.get('ap.guest') ?? 'null');
  return { backend, fetch, storage, clock, expired, calls, stored };
}

const settle = () => new Promise((r) => setTimeout(r, 0));
const fresh = (uid = 'u1'): Kept => ({ uid, idToken: 'tok', refreshToken: 'rt-kept', expiresAt: T0 + HOUR });

describe('LocalBackend: the guest session', () => {
  it('starts a guest session on first visit without asking anything, and keeps it with its refresh token', async () => {
    const { backend, fetch, stored } = setup();
    await expect(backend.start()).resolves.toEqual({ uid: 'new-uid', isAnonymous: true });
    expect(fetch).toHaveBeenCalledWith('/__local/guest', { method: 'POST' });
    expect(stored()).toEqual({ uid: 'new-uid', idToken: 'new-token', refreshToken: 'rt-new', expiresAt: T0 + HOUR });
    await expect(backend.idToken()).resolves.toBe('new-token');
  });

  it('resumes the same guest after a reload, asking nothing while its token is fresh', async () => {
    const { backend, fetch } = setup({
      uid: 'kept',
      idToken: 'kept-token',
      refreshToken: 'rt-kept',
      expiresAt: T0 + HOUR,
    });
    await expect(backend.start()).resolves.toMatchObject({ uid: 'kept' });
    await expect(backend.idToken()).resolves.toBe('kept-token');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('resumes a guest whose token expired while the page was closed by refreshing it', async () => {
    const { backend, calls, stored } = setup({ ...fresh('kept'), expiresAt: T0 - HOUR });
    await expect(backend.start()).resolves.toMatchObject({ uid: 'kept' });
    expect(calls('/__local/guest')).toHaveLength(0);
    expect(calls('/__local/token')).toHaveLength(1);
    expect(stored()).toMatchObject({ uid: 'kept', idToken: 'kept-token-1', expiresAt: T0 + HOUR });
  });

  // Guests kept before refresh tokens existed: local data only, a new session rather than a broken page.
  it('starts a new guest session for a guest kept before refresh tokens (its 30-day token is refused now)', async () => {
    const { backend, calls, stored } = setup({ uid: 'old-guest', idToken: 'old-30-day-token' });
    await expect(backend.start()).resolves.toEqual({ uid: 'new-uid', isAnonymous: true });
    expect(calls('/__local/guest')).toHaveLength(1);
    expect(stored()).toMatchObject({ uid: 'new-uid', refreshToken: 'rt-new' });
  });

  it('starts a new guest session when the stack no longer knows the kept refresh token', async () => {
    const { backend, calls } = setup({ uid: 'gone', idToken: 't', refreshToken: 'rt-unknown', expiresAt: T0 - 1 });
    await expect(backend.start()).resolves.toMatchObject({ uid: 'new-uid' });
    expect(calls('/__local/token')).toHaveLength(1);
    expect(calls('/__local/guest')).toHaveLength(1);
  });
});

describe('LocalBackend: fresh ID tokens, as the Firebase SDK gets them', () => {
  it('keeps the token until five minutes before it expires, then asks the token service for a fresh one', async () => {
    const { backend, calls, clock, stored } = setup(fresh());
    await backend.start();
    clock.ms = T0 + HOUR - REFRESH_BEFORE_EXPIRY_MS - 1;
    await expect(backend.idToken()).resolves.toBe('tok');
    expect(calls('/__local/token')).toHaveLength(0);

    clock.ms += 1;
    await expect(backend.idToken()).resolves.toBe('u1-token-1');
    const [, init] = calls('/__local/token')[0] as [string, RequestInit];
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(init.body).toBe('grant_type=refresh_token&refresh_token=rt-kept');
    // Kept for the next reload, valid an hour from when it was asked for.
    expect(stored()).toEqual({ uid: 'u1', idToken: 'u1-token-1', refreshToken: 'rt-kept', expiresAt: clock.ms + HOUR });
    await expect(backend.idToken()).resolves.toBe('u1-token-1');
    expect(calls('/__local/token')).toHaveLength(1);
  });

  it('idToken(true) gets a fresh token even when the kept one is fresh', async () => {
    const { backend, calls } = setup(fresh());
    await backend.start();
    await expect(backend.idToken(true)).resolves.toBe('u1-token-1');
    expect(calls('/__local/token')).toHaveLength(1);
  });

  it('callers that need a fresh token at the same time share one refresh', async () => {
    const { backend, calls } = setup(fresh());
    await backend.start();
    const tokens = await Promise.all([backend.idToken(true), backend.idToken(true), backend.idToken(true)]);
    expect(tokens).toEqual(['u1-token-1', 'u1-token-1', 'u1-token-1']);
    expect(calls('/__local/token')).toHaveLength(1);
  });

  it('a refused refresh mid-session is an unauthenticated error, and the guest stays who it is', async () => {
    const { backend, calls } = setup({ ...fresh(), refreshToken: 'rt-unknown' });
    await backend.start();
    const err = (await backend.idToken(true).catch((e) => e)) as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('unauthenticated');
    expect(err.message).toMatch(/INVALID_REFRESH_TOKEN/);
    expect(calls('/__local/guest')).toHaveLength(0);
  });

  it('an API call refused with 401 is sent again once, with a refreshed token', async () => {
    const { backend, fetch, expired } = setup(fresh());
    await backend.start();
    expired.add('tok'); // the server says the kept token has expired, whatever this browser's clock says
    const api = createApi(backend, fetch as unknown as typeof globalThis.fetch);
    await expect(api.usage()).resolves.toMatchObject({ token: 'u1-token-1' });
    const sent = fetch.mock.calls
      .filter(([u]) => u === '/api/usage')
      .map(([, init]) => new Headers(init?.headers).get('Authorization'));
    expect(sent).toEqual(['Bearer tok', 'Bearer u1-token-1']);
  });
});

describe('LocalBackend: App Check tokens, as the stack hands them out', () => {
  it('sends the stack’s App Check token with each call, asking for one only when it is near its end', async () => {
    const { backend, fetch, calls, clock } = setup(fresh());
    await backend.start();
    const api = createApi(backend, fetch as unknown as typeof globalThis.fetch);
    await Promise.all([api.usage(), api.usage()]);
    const sent = () =>
      fetch.mock.calls
        .filter(([u]) => u === '/api/usage')
        .map(([, init]) => new Headers(init?.headers).get('X-Firebase-AppCheck'));
    expect(sent()).toEqual(['app-check-1', 'app-check-1']);
    expect(calls('/__local/app-check')).toHaveLength(1);
    clock.ms += HOUR - 4 * 60_000; // within five minutes of its end
    await api.usage();
    expect(sent().at(-1)).toBe('app-check-2');
  });
});

describe('LocalBackend: live reads', () => {
  const query = { collection: 'agents', where: [['userId', '==', 'u1'] as const] };

  it('streams snapshots of the described query with the session token', async () => {
    const { backend } = setup(fresh());
    await backend.start();
    const next = jest.fn();
    backend.watch(query, next, jest.fn());
    const url = new URL(FakeSource.last.url, 'http://x');
    expect(url.pathname).toBe('/__local/live');
    expect(url.searchParams.get('token')).toBe('tok');
    expect(JSON.parse(url.searchParams.get('query')!)).toEqual(query);
    FakeSource.last.fire('snapshot', { docs: [{ id: 'a1', path: 'agents/a1', data: { name: 'A' } }] });
    expect(next).toHaveBeenCalledWith([{ id: 'a1', path: 'agents/a1', data: { name: 'A' } }]);
  });

  it('stops and reports the server’s refusal in words', async () => {
    const { backend } = setup(fresh());
    await backend.start();
    const fail = jest.fn();
    backend.watch(query, jest.fn(), fail);
    FakeSource.last.fire('error', { code: 'permission_denied', message: 'Missing or insufficient permissions.' });
    expect(FakeSource.last.closed).toBe(true);
    expect(fail).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'permission_denied', message: 'Missing or insufficient permissions.' }),
    );
  });

  it('reads why a stream was refused at the door (a non-200 answer EventSource hides)', async () => {
    const { backend } = setup(fresh());
    await backend.start();
    const fail = jest.fn();
    backend.watch(query, jest.fn(), fail);
    FakeSource.last.readyState = 2;
    FakeSource.last.fire('error');
    await settle();
    expect(fail).toHaveBeenCalledTimes(1);
    const err = fail.mock.calls[0][0] as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('permission_denied');
    expect(err.message).toBe('Not yours');
  });

  it('lets EventSource reconnect by itself after a dropped connection', async () => {
    const { backend } = setup(fresh());
    await backend.start();
    const fail = jest.fn();
    backend.watch(query, jest.fn(), fail);
    FakeSource.last.readyState = 0; // CONNECTING: the browser retries
    FakeSource.last.fire('error');
    expect(fail).not.toHaveBeenCalled();
    expect(FakeSource.last.closed).toBe(false);
    expect(FakeSource.all).toHaveLength(1);
  });

  it('when the feed ends because its token expired, it opens again with a fresh token instead of failing', async () => {
    const { backend, calls } = setup(fresh());
    await backend.start();
    const next = jest.fn();
    const fail = jest.fn();
    backend.watch(query, next, fail);
    const first = FakeSource.last;
    first.fire('error', { code: 'unauthenticated', message: 'The ID token has expired; reconnect with a fresh one.' });
    await settle();
    expect(first.closed).toBe(true);
    expect(FakeSource.all).toHaveLength(2);
    expect(FakeSource.last.token).toBe('u1-token-1');
    expect(calls('/__local/token')).toHaveLength(1);
    FakeSource.last.fire('snapshot', { docs: [] });
    expect(next).toHaveBeenCalledWith([]);
    expect(fail).not.toHaveBeenCalled();

    // An hour later the fresh token expires too: the feed is renewed again, not given up.
    FakeSource.last.fire('error', { code: 'unauthenticated', message: 'expired' });
    await settle();
    expect(FakeSource.all).toHaveLength(3);
    expect(FakeSource.last.token).toBe('u1-token-2');
    expect(fail).not.toHaveBeenCalled();
  });

  it('a feed refused at the door for its token (EventSource’s retry got a 401) opens again with a fresh token', async () => {
    const { backend } = setup(fresh(), {
      liveAnswer: () => json({ error: { code: 'unauthenticated', message: 'The ID token has expired.' } }, 401),
    });
    await backend.start();
    const fail = jest.fn();
    backend.watch(query, jest.fn(), fail);
    FakeSource.last.readyState = 2;
    FakeSource.last.fire('error');
    await settle();
    await settle();
    expect(FakeSource.all).toHaveLength(2);
    expect(FakeSource.last.token).toBe('u1-token-1');
    expect(fail).not.toHaveBeenCalled();
  });

  it('a feed refused again with its fresh token fails rather than loops', async () => {
    const { backend, calls } = setup(fresh());
    await backend.start();
    const fail = jest.fn();
    backend.watch(query, jest.fn(), fail);
    FakeSource.last.fire('error', { code: 'unauthenticated', message: 'refused' });
    await settle();
    FakeSource.last.fire('error', { code: 'unauthenticated', message: 'refused again' });
    await settle();
    expect(FakeSource.all).toHaveLength(2);
    expect(calls('/__local/token')).toHaveLength(1);
    expect(fail).toHaveBeenCalledWith(expect.objectContaining({ code: 'unauthenticated', message: 'refused again' }));
  });

  it('uses a token an API call already refreshed, without asking for another', async () => {
    const { backend, calls } = setup(fresh());
    await backend.start();
    backend.watch(query, jest.fn(), jest.fn());
    await backend.idToken(true); // an API call renewed the session meanwhile
    FakeSource.last.fire('error', { code: 'unauthenticated', message: 'expired' });
    await settle();
    expect(FakeSource.last.token).toBe('u1-token-1');
    expect(calls('/__local/token')).toHaveLength(1);
  });

  it('opens the feed with a fresh token when the kept one is about to expire', async () => {
    const { backend, clock } = setup(fresh());
    await backend.start();
    clock.ms = T0 + HOUR - 60_000;
    backend.watch(query, jest.fn(), jest.fn());
    await settle();
    expect(FakeSource.all).toHaveLength(1);
    expect(FakeSource.last.token).toBe('u1-token-1');
  });

  it('opens nothing more once unsubscribed while a fresh token was on its way', async () => {
    const { backend } = setup(fresh());
    await backend.start();
    const unsubscribe = backend.watch(query, jest.fn(), jest.fn());
    FakeSource.last.fire('error', { code: 'unauthenticated', message: 'expired' });
    unsubscribe();
    await settle();
    expect(FakeSource.all).toHaveLength(1);
  });

  it('says plainly that linking Google is not available locally', async () => {
    const { backend } = setup(fresh());
    expect(backend.canLinkGoogle).toBe(false);
    await expect(backend.linkGoogle()).rejects.toThrow(/Firebase/);
  });
});
