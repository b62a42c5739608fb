/**
 * A deployment that enforces App Check (APP_CHECK_ENFORCE=true), through the
 * local stack's Hosting path: the API refuses a caller without the web app's
 * App Check token and changes nothing; with the token from the stand-in's
 * exchange (`POST /__local/app-check`) it serves as usual, chat included.
 */
import { startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let alice: { uid: string; idToken: string };

beforeAll(async () => {
  stack = await startStack({ env: { APP_CHECK_ENFORCE: 'true' } });
  alice = await stack.guest();
});
afterAll(async () => stack?.stop());

async function appCheckToken(): Promise<string> {
  const res = await fetch(`${stack.url}/__local/app-check`, { method: 'POST' });
  return ((await res.json()) as { token: string }).token;
}

function post(path: string, body: unknown, appCheck?: string) {
  return fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${alice.idToken}`,
      'Content-Type': 'application/json',
      ...(appCheck ? { 'X-Firebase-AppCheck': appCheck } : {}),
    },
    body: JSON.stringify(body),
  });
}

const agent = { name: 'Morning brief', finalAgentPrompt: 'Summarise the news.' };

test('without an App Check token the API answers 401 and creates nothing', async () => {
  const res = await post('/api/agents', agent);
  expect(res.status).toBe(401);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
  const chat = await post('/api/chat', { message: 'hello' });
  expect(chat.status).toBe(401);
  const list = await stack.api(alice.idToken, 'GET', '/api/agents');
  expect(list.status).toBe(401);
});

test('with the web app’s App Check token the API serves as usual', async () => {
  const token = await appCheckToken();
  const created = await post('/api/agents', agent, token);
  expect(created.status).toBe(201);
  const list = await fetch(`${stack.url}/api/agents`, {
    headers: { Authorization: `Bearer ${alice.idToken}`, 'X-Firebase-AppCheck': token },
  });
  expect(((await list.json()) as { agents: { name: string }[] }).agents.map((a) => a.name)).toEqual(['Morning brief']);
});
