/**
 * QA: a malformed live query is refused with 400 in the API's error format
 * (it used to answer 500 "Something went wrong"), while a well-formed one on the
 * caller's own documents still streams its snapshot.
 */
import { startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let guest: { uid: string; idToken: string };

beforeAll(async () => {
  stack = await startStack();
  guest = await stack.guest();
});
afterAll(async () => stack?.stop());

/** Opens the feed and reads until the first event (or the JSON error) arrives. */
async function openFeed(query: unknown): Promise<{ status: number; text: string }> {
  const url = `${stack.url}/__local/live?token=${encodeURIComponent(guest.idToken)}&query=${encodeURIComponent(JSON.stringify(query))}`;
  const ac = new AbortController();
  const res = await fetch(url, { signal: ac.signal });
  if (!res.headers.get('content-type')?.includes('text/event-stream'))
    return { status: res.status, text: await res.text() };
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  let text = '';
  while (!text.includes('\n\n')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += Buffer.from(value).toString();
  }
  ac.abort();
  return { status: res.status, text };
}

const mine = () => ['userId', '==', guest.uid];

test.each([
  ['`where` is an object', () => ({ collection: 'agents', where: { userId: guest.uid } })],
  ['`where` holds a null clause', () => ({ collection: 'agents', where: [mine(), null] })],
  ['a field is not a plain name', () => ({ collection: 'agents', where: [mine(), ["x') OR 1=1 --", '==', 1]] })],
  [
    'an orderBy field is not a plain name',
    () => ({ collection: 'agents', where: [mine()], orderBy: [['a b', 'asc']] }),
  ],
  ['`docId` has a slash', () => ({ collection: 'agents', where: [mine()], docId: 'a/b' })],
  ['`docId` is one Firestore reserves', () => ({ collection: 'agents', where: [mine()], docId: '__x__' })],
  [
    'the conversation id is one Firestore reserves',
    () => ({ collection: 'conversations/__x__/messages', where: [mine()], orderBy: [['timestamp', 'asc']] }),
  ],
])('refuses a query where %s with 400 invalid_argument', async (_name, query) => {
  const res = await openFeed(query());
  expect(res.status).toBe(400);
  expect(JSON.parse(res.text).error.code).toBe('invalid_argument');
});

test('a query without its index in firestore.indexes.json ends the feed with an internal error, as Firestore refuses it', async () => {
  const res = await openFeed({ collection: 'agents', where: [mine()], orderBy: [['name', 'asc']] });
  expect(res.status).toBe(200);
  expect(res.text).toContain('event: error');
  expect(res.text).toContain('"code":"internal"');
  expect(res.text).not.toContain('firestore.indexes.json');
});

test("still streams a snapshot of the caller's own agents", async () => {
  const created = await stack.api(guest.idToken, 'POST', '/api/agents', { name: 'Mine', finalAgentPrompt: 'p' });
  expect(created.status).toBe(201);
  const res = await openFeed({ collection: 'agents', where: [mine()], orderBy: [['createdAt', 'desc']] });
  expect(res.status).toBe(200);
  expect(res.text).toContain('event: snapshot');
  expect(res.text).toContain(created.body.id);
});
