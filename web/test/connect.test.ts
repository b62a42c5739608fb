import { connect } from '../src/data/connect';
import { LocalBackend } from '../src/data/local-backend';

jest.mock('../src/data/firebase-backend', () => ({
  FirebaseBackend: class {
    readonly mode = 'firebase';
    constructor(readonly options: unknown) {}
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
