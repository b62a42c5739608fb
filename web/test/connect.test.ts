import { connect } from '../src/data/connect';
import { LocalBackend } from '../src/data/local-backend';

jest.mock('../src/data/firebase-backend', () => ({
  FirebaseBackend: class {
    readonly mode = 'firebase';
    constructor(
      readonly options: unknown,
      _deps: unknown,
      readonly appCheckSiteKey: string | null,
    ) {}
  },
}));

// connect() builds the local adapter over the browser's storage and EventSource.
beforeAll(() => {
  (globalThis as { localStorage?: unknown }).localStorage = { getItem: () => null, setItem() {}, removeItem() {} };
});

const answer = (body: string, status = 200) =>
  jest.fn(async () => new Response(body, { status })) as unknown as typeof fetch;

describe('choosing the backend', () => {
  it('uses Firebase when Hosting serves the project’s web config', async () => {
    const backend = await connect(answer(JSON.stringify({ projectId: 'demo', apiKey: 'k' })));
    expect(backend.mode).toBe('firebase');
    expect((backend as unknown as { options: unknown }).options).toEqual({ projectId: 'demo', apiKey: 'k' });
  });

  it.each([
    { name: 'the SPA fallback page', fetch: answer('<!doctype html><html></html>') },
    { name: 'a 404', fetch: answer('not found', 404) },
    { name: 'JSON without a projectId', fetch: answer('{"ok":true}') },
  ])('uses the local stack when init.json is $name', async ({ fetch }) => {
    expect(await connect(fetch)).toBeInstanceOf(LocalBackend);
  });
});

describe('App Check on a Firebase deployment', () => {
  const CONFIG = JSON.stringify({ projectId: 'demo', apiKey: 'k' });
  /** Hosting: init.json, and /app-check.json as deploy.sh wrote it (or the SPA page where it did not). */
  const hosting = (appCheck: Response) =>
    jest.fn(async (url: string) =>
      url === '/__/firebase/init.json' ? new Response(CONFIG) : appCheck,
    ) as unknown as typeof fetch;
  const json = (body: unknown) =>
    new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
  const siteKeyOf = async (fetch: typeof globalThis.fetch) =>
    ((await connect(fetch)) as unknown as { appCheckSiteKey: string | null }).appCheckSiteKey;

  it('starts App Check with the site key the deployment wrote', async () => {
    expect(await siteKeyOf(hosting(json({ siteKey: '6LdSiteKey' })))).toBe('6LdSiteKey');
  });

  it.each([
    ['an empty key (App Check not enforced)', () => json({ siteKey: '' })],
    [
      'no file (Hosting answers the app page)',
      () => new Response('<!doctype html>', { headers: { 'Content-Type': 'text/html' } }),
    ],
    ['a failed read', () => new Response('', { status: 500 })],
  ])('sends no App Check token given %s', async (_name, response) => {
    expect(await siteKeyOf(hosting(response()))).toBeNull();
  });
});
