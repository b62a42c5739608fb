/**
 * QA: ids that cannot be document ids (an encoded slash, a path climb, an id
 * Firestore reserves) are simply not found on every run endpoint, never a 400 or
 * 500 from the store.
 */
import { startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let guest: { uid: string; idToken: string };

beforeAll(async () => {
  stack = await startStack();
  guest = await stack.guest();
});
afterAll(async () => stack?.stop());

const oddIds = ['a%2Fb', '..%2F..%2Fetc%2Fpasswd', 'agent%2Fexecutions', '__reserved__'];

describe.each(oddIds)('the id %s', (id) => {
  test('is a 404 on GET /api/executions/{id}', async () => {
    const res = await stack.api(guest.idToken, 'GET', `/api/executions/${id}`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  test('is a 404 on POST /api/agents/{id}/run', async () => {
    const res = await stack.api(guest.idToken, 'POST', `/api/agents/${id}/run`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  test('is a 404 on GET /api/agents/{id}/executions', async () => {
    const res = await stack.api(guest.idToken, 'GET', `/api/agents/${id}/executions`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});

test('a scheduled run is still found by its derived id', async () => {
  const created = await stack.api(guest.idToken, 'POST', '/api/agents', {
    name: 'Daily',
    finalAgentPrompt: 'Summarise.',
    status: 'active',
    schedule: { frequency: 'daily', time: '08:00', timezone: 'Asia/Seoul' },
  });
  expect(created.status).toBe(201);
  const list = await stack.api(guest.idToken, 'GET', `/api/agents/${created.body.id}/executions`);
  const ids = (list.body.executions as { id: string }[]).map((e) => e.id);
  expect(ids.some((id) => id.startsWith(`${created.body.id}-at-`))).toBe(true);
  for (const id of ids) {
    expect((await stack.api(guest.idToken, 'GET', `/api/executions/${id}`)).status).toBe(200);
  }
});
