/**
 * The production adapter's handover, over fake Firebase modules and a fake
 * fetch: the dashboard's first data comes from the REST reader, the Firestore
 * listener takes over once its chunk has loaded, a failed REST read falls back
 * to the listener, and failures reach the view once.
 */
import type { LiveDoc } from '../src/data/backend';
import { ApiError } from '../src/data/errors';
import { FirebaseBackend, type FirebaseBackendDeps } from '../src/data/firebase-backend';
import { agentsQuery } from '../src/data/queries';

interface Listener {
  query: { path: string; constraints: unknown[] };
  next: (snap: unknown) => void;
  error: (err: unknown) => void;
  unsubscribe: jest.Mock;
}
const listeners: Listener[] = [];

jest.mock('firebase/app', () => ({ initializeApp: (options: unknown) => ({ options }) }));
jest.mock('firebase/auth', () => {
  const user = { uid: 'u1', isAnonymous: true, email: null, displayName: null, getIdToken: async () => 'id-token-u1' };
  return {
    browserLocalPersistence: 'local',
    indexedDBLocalPersistence: 'indexedDB',
    initializeAuth: (_app: unknown, deps: unknown) => ({ deps, currentUser: null as unknown }),
    onAuthStateChanged: (auth: { currentUser: unknown }, cb: (u: unknown) => void) => {
      queueMicrotask(() => cb(auth.currentUser));
      return () => {};
    },
    signInAnonymously: async (auth: { currentUser: unknown }) => {
      auth.currentUser = user;
      return { user };
    },
  };
});
// The Firestore SDK as firestore-live.ts uses it: queries as plain records, onSnapshot held for the test to drive.
jest.mock('firebase/firestore', () => ({
  getFirestore: () => ({ db: true }),
  collection: (_db: unknown, path: string) => ({ path, constraints: [] }),
  query: (q: { path: string }, ...constraints: unknown[]) => ({ path: q.path, constraints }),
  where: (field: unknown, op: string, value: unknown) => ['where', field, op, value],
  orderBy: (field: string, dir: string) => ['orderBy', field, dir],
  limit: (n: number) => ['limit', n],
  documentId: () => '__name__',
  onSnapshot: (query: Listener['query'], next: Listener['next'], error: Listener['error']) => {
    const unsubscribe = jest.fn();
    listeners.push({ query, next, error, unsubscribe });
    return unsubscribe;
  },
}));

const ROOT = 'projects/demo/databases/(default)/documents';
const restDoc = (id: string, name: string) => ({
  document: { name: `${ROOT}/agents/${id}`, fields: { userId: { stringValue: 'u1' }, name: { stringValue: name } } },
});
const snapshot = (docs: { id: string; name: string }[]) => ({
  docs: docs.map((d) => ({ id: d.id, ref: { path: `agents/${d.id}` }, data: () => ({ userId: 'u1', name: d.name }) })),
});
const agent = (id: string, name: string): LiveDoc => ({ id, path: `agents/${id}`, data: { userId: 'u1', name } });

/** A fetch that answers when the test says so, and records what was asked. */
function deferredFetch() {
  const calls: { url: string; init: RequestInit }[] = [];
  let answer!: (res: Response | Error) => void;
  const answered = new Promise<Response | Error>((r) => {
    answer = r;
  });
  const fetchFn = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const res = await answered;
    if (res instanceof Error) throw res;
    return res;
  }) as unknown as typeof fetch;
  return { fetchFn, calls, answer };
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const settle = () => new Promise((r) => setTimeout(r, 0));

async function started(deps: Partial<FirebaseBackendDeps>) {
  const backend = new FirebaseBackend({ projectId: 'demo', apiKey: 'k' }, deps);
  await backend.start();
  const seen: LiveDoc[][] = [];
  const errors: ApiError[] = [];
  const watch = () =>
    backend.watch(
      agentsQuery('u1'),
      (docs) => seen.push(docs),
      (err) => errors.push(err),
    );
  return { backend, seen, errors, watch };
}

beforeEach(() => {
  listeners.length = 0;
});

describe('the production adapter’s live queries', () => {
  it('shows the REST answer first, then the listener’s snapshots replace it', async () => {
    const rest = deferredFetch();
    const { seen, errors, watch } = await started({ fetch: rest.fetchFn });
    watch();
    rest.answer(json([restDoc('a1', 'News')]));
    await settle();
    expect(seen).toEqual([[agent('a1', 'News')]]);

    listeners[0]!.next(
      snapshot([
        { id: 'a1', name: 'News' },
        { id: 'a2', name: 'Weather' },
      ]),
    );
    listeners[0]!.next(snapshot([{ id: 'a2', name: 'Weather' }]));
    expect(seen).toEqual([
      [agent('a1', 'News')],
      [agent('a1', 'News'), agent('a2', 'Weather')],
      [agent('a2', 'Weather')],
    ]);
    expect(errors).toEqual([]);
  });

  it('reads over REST as the signed-in user, and both paths filter on that user’s id', async () => {
    const rest = deferredFetch();
    const { watch } = await started({ fetch: rest.fetchFn });
    watch();
    await settle();
    expect(rest.calls[0]!.url).toBe(`https://firestore.googleapis.com/v1/${ROOT}:runQuery`);
    expect(rest.calls[0]!.init.headers).toMatchObject({ Authorization: 'Bearer id-token-u1' });
    expect(JSON.parse(rest.calls[0]!.init.body as string).structuredQuery.where).toEqual({
      fieldFilter: { field: { fieldPath: 'userId' }, op: 'EQUAL', value: { stringValue: 'u1' } },
    });
    expect(listeners[0]!.query).toEqual({
      path: 'agents',
      constraints: [
        ['where', 'userId', '==', 'u1'],
        ['orderBy', 'createdAt', 'desc'],
      ],
    });
  });

  it('drops a REST answer that arrives after the first snapshot, and cancels the request', async () => {
    const rest = deferredFetch();
    const { seen, watch } = await started({ fetch: rest.fetchFn });
    watch();
    await settle();
    listeners[0]!.next(snapshot([{ id: 'a2', name: 'Weather' }]));
    expect((rest.calls[0]!.init.signal as AbortSignal).aborted).toBe(true);
    rest.answer(json([restDoc('a1', 'Stale')]));
    await settle();
    expect(seen).toEqual([[agent('a2', 'Weather')]]);
  });

  it.each([
    { name: 'a network error', failure: new TypeError('Failed to fetch') },
    { name: 'a refusal', failure: json({ error: { code: 403, message: 'denied', status: 'PERMISSION_DENIED' } }, 403) },
  ])('after $name on the REST read, the listener still brings the data and no error shows', async ({ failure }) => {
    const rest = deferredFetch();
    const { seen, errors, watch } = await started({ fetch: rest.fetchFn });
    watch();
    rest.answer(failure);
    await settle();
    expect(seen).toEqual([]);
    listeners[0]!.next(snapshot([{ id: 'a1', name: 'News' }]));
    expect(seen).toEqual([[agent('a1', 'News')]]);
    expect(errors).toEqual([]);
  });

  it('when both the REST read and the listener fail, one error is reported', async () => {
    const rest = deferredFetch();
    const { seen, errors, watch } = await started({ fetch: rest.fetchFn });
    watch();
    await settle();
    listeners[0]!.error(
      Object.assign(new Error('Missing or insufficient permissions.'), { code: 'permission-denied' }),
    );
    expect(errors).toEqual([]); // the REST read may still bring the data
    rest.answer(json({ error: { code: 403, message: 'denied', status: 'PERMISSION_DENIED' } }, 403));
    await settle();
    expect(seen).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ApiError);
    expect(errors[0]!.code).toBe('permission_denied');
  });

  it('when the REST read fails first, the listener’s later failure is reported at once, once', async () => {
    const rest = deferredFetch();
    const { errors, watch } = await started({ fetch: rest.fetchFn });
    watch();
    rest.answer(new TypeError('Failed to fetch'));
    await settle();
    expect(errors).toEqual([]);
    listeners[0]!.error(Object.assign(new Error('offline'), { code: 'unavailable' }));
    listeners[0]!.error(Object.assign(new Error('offline again'), { code: 'unavailable' }));
    expect(errors.map((e) => e.code)).toEqual(['unavailable']);
  });

  it('when the Firestore chunk cannot load, the REST data shows and then one error says updates stopped', async () => {
    const rest = deferredFetch();
    const { seen, errors, watch } = await started({
      fetch: rest.fetchFn,
      loadFirestore: () => Promise.reject(new TypeError('Failed to fetch dynamically imported module')),
    });
    watch();
    await settle();
    expect(errors).toEqual([]);
    rest.answer(json([restDoc('a1', 'News')]));
    await settle();
    expect(seen).toEqual([[agent('a1', 'News')]]);
    expect(errors.map((e) => e.code)).toEqual(['unavailable']);
  });

  it('unsubscribing before anything arrives closes the listener once it opens and shows nothing', async () => {
    const rest = deferredFetch();
    const { seen, errors, watch } = await started({ fetch: rest.fetchFn });
    const stop = watch();
    stop();
    rest.answer(json([restDoc('a1', 'News')]));
    await settle();
    expect(listeners).toHaveLength(1);
    expect(listeners[0]!.unsubscribe).toHaveBeenCalledTimes(1);
    expect(seen).toEqual([]);
    expect(errors).toEqual([]);
  });
});

describe('linking a Google account in production', () => {
  it('loads the Google linking code only when the person links', async () => {
    const loadLinking = jest.fn(async () => ({
      googleLinkSteps: () => ({
        linkWithPopup: async (user: never) => ({ ...(user as object), isAnonymous: false }) as never,
        signInWithErrorCredential: async () => null,
      }),
    }));
    const { backend } = await started({ fetch: deferredFetch().fetchFn, loadLinking });
    expect(loadLinking).not.toHaveBeenCalled();
    const outcome = await backend.linkGoogle();
    expect(loadLinking).toHaveBeenCalledTimes(1);
    expect(outcome).toEqual({ session: expect.objectContaining({ uid: 'u1', isAnonymous: false }), merged: null });
  });
});

describe('App Check in production', () => {
  it('sends no App Check token and loads no App Check code where the deployment does not enforce it', async () => {
    const loadAppCheck = jest.fn();
    const { backend } = await started({ fetch: deferredFetch().fetchFn, loadAppCheck });
    await expect(backend.appCheckToken()).resolves.toBeNull();
    expect(loadAppCheck).not.toHaveBeenCalled();
  });

  it('starts App Check once with the site key, and asks it for fresh tokens when told to', async () => {
    const asked: boolean[] = [];
    const startAppCheck = jest.fn((_app: unknown, _siteKey: string) => async (refresh: boolean) => {
      asked.push(refresh);
      return refresh ? 'fresh-check' : 'check';
    });
    const backend = new FirebaseBackend(
      { projectId: 'demo', apiKey: 'k' },
      { fetch: deferredFetch().fetchFn, loadAppCheck: async () => ({ startAppCheck }) as never },
      '6LdSiteKey',
    );
    await backend.start();
    await expect(backend.appCheckToken()).resolves.toBe('check');
    await expect(backend.appCheckToken(true)).resolves.toBe('fresh-check');
    expect(startAppCheck).toHaveBeenCalledTimes(1);
    expect(startAppCheck.mock.calls[0]?.[1]).toBe('6LdSiteKey');
    expect(asked).toEqual([false, true]);
  });
});
