import { ApiError } from '../src/data/errors';
import { LocalBackend } from '../src/data/local-backend';

type Listener = (e: { data?: string }) => void;

/** A fake EventSource the test drives by hand. */
class FakeSource {
  static last: FakeSource;
  readyState = 1;
  closed = false;
  listeners = new Map<string, Listener[]>();
  constructor(readonly url: string) {
    FakeSource.last = this;
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

function setup(stored?: { uid: string; idToken: string }) {
  const storage = memoryStorage(stored ? { 'ap.guest': JSON.stringify(stored) } : {});
  const fetch = jest.fn(async (url: string) => {
    if (url === '/__local/guest') return new Response(JSON.stringify({ uid: 'new-uid', idToken: 'new-token' }));
    return new Response(JSON.stringify({ error: { code: 'permission_denied', message: 'Not yours' } }), {
      status: 403,
    });
  });
  const backend = new LocalBackend({
    fetch: fetch as unknown as typeof globalThis.fetch,
    storage,
    openEventSource: (url) => new FakeSource(url) as unknown as EventSource,
  });
  return { backend, fetch, storage };
}

describe('LocalBackend', () => {
  it('starts a guest session on first visit without asking anything, and keeps it for reloads', async () => {
    const { backend, fetch, storage } = setup();
    await expect(backend.start()).resolves.toEqual({ uid: 'new-uid', isAnonymous: true });
    expect(fetch).toHaveBeenCalledWith('/__local/guest', { method: 'POST' });
    expect(JSON.parse(storage.m.get('ap.guest')!)).toEqual({ uid: 'new-uid', idToken: 'new-token' });
    await expect(backend.idToken()).resolves.toBe('new-token');
  });

  it('resumes the same guest after a reload', async () => {
    const { backend, fetch } = setup({ uid: 'kept', idToken: 'kept-token' });
    await expect(backend.start()).resolves.toMatchObject({ uid: 'kept' });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('streams snapshots of the described query with the session token', async () => {
    const { backend } = setup({ uid: 'u1', idToken: 'tok' });
    await backend.start();
    const next = jest.fn();
    const query = { collection: 'agents', where: [['userId', '==', 'u1'] as const] };
    backend.watch(query, next, jest.fn());
    const url = new URL(FakeSource.last.url, 'http://x');
    expect(url.pathname).toBe('/__local/live');
    expect(url.searchParams.get('token')).toBe('tok');
    expect(JSON.parse(url.searchParams.get('query')!)).toEqual(query);
    FakeSource.last.fire('snapshot', { docs: [{ id: 'a1', path: 'agents/a1', data: { name: 'A' } }] });
    expect(next).toHaveBeenCalledWith([{ id: 'a1', path: 'agents/a1', data: { name: 'A' } }]);
  });

  it('stops and reports the server’s refusal in words', async () => {
    const { backend } = setup({ uid: 'u1', idToken: 'tok' });
    await backend.start();
    const fail = jest.fn();
    backend.watch({ collection: 'agents', where: [['userId', '==', 'u1']] }, jest.fn(), fail);
    FakeSource.last.fire('error', { code: 'permission_denied', message: 'Missing or insufficient permissions.' });
    expect(FakeSource.last.closed).toBe(true);
    expect(fail).toHaveBeenCalledWith(
      expect.objectContaining({ code: 'permission_denied', message: 'Missing or insufficient permissions.' }),
    );
  });

  it('reads why a stream was refused at the door (a non-200 answer EventSource hides)', async () => {
    const { backend } = setup({ uid: 'u1', idToken: 'tok' });
    await backend.start();
    const fail = jest.fn();
    backend.watch({ collection: 'agents', where: [['userId', '==', 'u1']] }, jest.fn(), fail);
    FakeSource.last.readyState = 2;
    FakeSource.last.fire('error');
    await new Promise((r) => setTimeout(r, 0));
    expect(fail).toHaveBeenCalledTimes(1);
    const err = fail.mock.calls[0][0] as ApiError;
    expect(err).toBeInstanceOf(ApiError);
    expect(err.code).toBe('permission_denied');
    expect(err.message).toBe('Not yours');
  });

  it('lets EventSource reconnect by itself after a dropped connection', async () => {
    const { backend } = setup({ uid: 'u1', idToken: 'tok' });
    await backend.start();
    const fail = jest.fn();
    backend.watch({ collection: 'agents', where: [['userId', '==', 'u1']] }, jest.fn(), fail);
    FakeSource.last.readyState = 0; // CONNECTING: the browser retries
    FakeSource.last.fire('error');
    expect(fail).not.toHaveBeenCalled();
    expect(FakeSource.last.closed).toBe(false);
  });

  it('says plainly that linking Google is not available locally', async () => {
    const { backend } = setup({ uid: 'u1', idToken: 'tok' });
    expect(backend.canLinkGoogle).toBe(false);
    await expect(backend.linkGoogle()).rejects.toThrow(/Firebase/);
  });
});
