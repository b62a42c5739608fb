/**
 * `GET /api/agents?limit=N&cursor=…` through the local stack: pages that add up
 * to the whole list with nothing twice, an opaque cursor refused when it was not
 * given out, and the list without `limit` as it always was.
 */
import { startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let alice: { uid: string; idToken: string };
let bob: { uid: string; idToken: string };
const made: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  alice = await stack.guest();
  bob = await stack.guest();
  for (let i = 0; i < 7; i++) {
    const res = await stack.api(alice.idToken, 'POST', '/api/agents', {
      name: `Agent ${i}`,
      finalAgentPrompt: 'Report.',
    });
    expect(res.status).toBe(201);
    made.push(res.body.id);
  }
  await stack.api(bob.idToken, 'POST', '/api/agents', { name: 'Bob agent', finalAgentPrompt: 'Report.' });
});
afterAll(async () => stack?.stop());

async function get(path: string, token = alice.idToken, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.url}${path}`, { headers: { Authorization: `Bearer ${token}`, ...headers } });
  return { status: res.status, body: await res.json() };
}

test('pages of 3 add up to every agent, newest first, each once, the last without a next cursor', async () => {
  const seen: string[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const res = await get(`/api/agents?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.status).toBe(200);
    sizes.push(res.body.agents.length);
    seen.push(...res.body.agents.map((a: { id: string }) => a.id));
    cursor = res.body.nextCursor;
  } while (cursor && sizes.length < 10);
  expect(sizes).toEqual([3, 3, 1]);
  expect(seen).toEqual([...made].reverse());
});

test('a page exactly as long as what is left says there is no next page', async () => {
  const first = await get('/api/agents?limit=4');
  const rest = await get(`/api/agents?limit=3&cursor=${first.body.nextCursor}`);
  expect(rest.body.agents).toHaveLength(3);
  expect(rest.body.nextCursor).toBeNull();
});

test('without limit the list is everything, as before paging', async () => {
  const res = await get('/api/agents');
  expect(res.status).toBe(200);
  expect(Object.keys(res.body)).toEqual(['agents']);
  expect(res.body.agents).toHaveLength(7);
});

test("someone else's cursor pages only the caller's own agents", async () => {
  const alicePage = await get('/api/agents?limit=2');
  const res = await get(`/api/agents?limit=50&cursor=${alicePage.body.nextCursor}`, bob.idToken);
  expect(res.status).toBe(200);
  expect(res.body.agents.map((a: { name: string }) => a.name)).not.toContain('Agent 4');
  for (const a of res.body.agents) expect(a.name).toBe('Bob agent');
});

describe('refused, in the error format', () => {
  test.each([
    ['not base64url', 'not a cursor!'],
    ['base64url of something else', Buffer.from('{"a":1}').toString('base64url')],
    ['a cursor with a bad id', Buffer.from(JSON.stringify(['2026-11-22T00:00:00.000Z', 'a/b'])).toString('base64url')],
    ['a cursor with a bad time', Buffer.from(JSON.stringify(['yesterday', 'abc'])).toString('base64url')],
  ])('%s', async (_name, cursor) => {
    const res = await get(`/api/agents?limit=2&cursor=${encodeURIComponent(cursor)}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_argument', details: [{ field: 'cursor' }] });
  });

  test.each(['0', '101', '2.5', 'ten'])('limit=%s', async (limit) => {
    const res = await get(`/api/agents?limit=${limit}`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_argument', details: [{ field: 'limit' }] });
  });

  test('in Korean when asked', async () => {
    const res = await get('/api/agents?limit=2&cursor=zzz', alice.idToken, { 'Accept-Language': 'ko' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/cursor가/);
  });
});
