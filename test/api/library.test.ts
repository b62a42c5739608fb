/**
 * The library endpoints through the real HTTP routing of the local stack
 * (firebase.json rewrites → agents or chat function): answers, errors in the
 * caller's language, and another user's data answering 404.
 */
import { AgentSpecSchema } from '@agent-platform/core/agent';
import { startStack, type TestStack } from '../support/stack';

let stack: TestStack;
let alice: { uid: string; idToken: string };
let bob: { uid: string; idToken: string };

beforeAll(async () => {
  stack = await startStack();
  alice = await stack.guest();
  bob = await stack.guest();
});
afterAll(async () => stack?.stop());

/** A request with an Accept-Language header (stack.api sends none). */
async function call(token: string, method: string, path: string, lang: string, body?: unknown) {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}`, 'Accept-Language': lang };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

async function agent(token: string, name = 'Weekly stock summary') {
  const res = await stack.api(token, 'POST', '/api/agents', { name, finalAgentPrompt: 'Summarise the week.' });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

test('versions: listed newest first, restored with 200, 404 for another user', async () => {
  const id = await agent(alice.idToken);
  await stack.api(alice.idToken, 'PATCH', `/api/agents/${id}`, { finalAgentPrompt: 'Summarise the month.' });
  const list = await stack.api(alice.idToken, 'GET', `/api/agents/${id}/versions`);
  expect(list.status).toBe(200);
  expect(list.body.versions.map((v: { version: number; changes: string[] }) => [v.version, v.changes])).toEqual([
    [2, ['finalAgentPrompt']],
    [1, []],
  ]);
  expect(Object.keys(list.body.versions[0]).sort()).toEqual([
    'agent',
    'changes',
    'createdAt',
    'restoredFrom',
    'version',
  ]);

  const restored = await stack.api(alice.idToken, 'POST', `/api/agents/${id}/versions/1/restore`);
  expect(restored.status).toBe(200);
  expect(restored.body.finalAgentPrompt).toBe('Summarise the week.');

  expect((await stack.api(bob.idToken, 'GET', `/api/agents/${id}/versions`)).status).toBe(404);
  expect((await stack.api(bob.idToken, 'POST', `/api/agents/${id}/versions/1/restore`)).status).toBe(404);
  const missing = await call(alice.idToken, 'POST', `/api/agents/${id}/versions/99/restore`, 'ko');
  expect(missing).toEqual({
    status: 404,
    body: { error: { code: 'not_found', message: '해당 버전을 찾을 수 없습니다.' } },
  });
  expect((await stack.api(alice.idToken, 'POST', `/api/agents/${id}/versions/1/restore`, { x: 1 })).status).toBe(400);
});

test('duplicate: 201 draft named in the caller’s language', async () => {
  const id = await agent(alice.idToken, '주간 증시 요약');
  const ko = await call(alice.idToken, 'POST', `/api/agents/${id}/duplicate`, 'ko-KR,ko;q=0.9');
  expect(ko.status).toBe(201);
  expect(ko.body).toMatchObject({ name: '주간 증시 요약 (사본)', status: 'draft' });
  const en = await call(alice.idToken, 'POST', `/api/agents/${id}/duplicate`, 'en-US');
  expect(en.body.name).toBe('주간 증시 요약 (copy)');
  expect((await stack.api(bob.idToken, 'POST', `/api/agents/${id}/duplicate`)).status).toBe(404);
});

test('templates: ten or more per language, each a valid agent; a bad locale is a 400 in the caller’s language', async () => {
  for (const locale of ['ko', 'en']) {
    const res = await stack.api(alice.idToken, 'GET', `/api/templates?locale=${locale}`);
    expect(res.status).toBe(200);
    expect(res.body.templates.length).toBeGreaterThanOrEqual(10);
    for (const t of res.body.templates) expect(AgentSpecSchema.safeParse(t.agent).success).toBe(true);
  }
  const bad = await call(alice.idToken, 'GET', '/api/templates?locale=fr', 'ko');
  expect(bad.status).toBe(400);
  expect(bad.body.error).toMatchObject({ code: 'invalid_argument', details: [{ field: 'locale' }] });
  expect(bad.body.error.message).toMatch(/[가-힣]/);
  // Without `locale`, the request's language picks it.
  const byHeader = await call(alice.idToken, 'GET', '/api/templates', 'ko');
  expect(byHeader.body.templates[0].title).toMatch(/[가-힣]/);
});

test('conversations: a template starts one (201), and the list shows it newest first with hasDraft', async () => {
  const started = await stack.api(alice.idToken, 'POST', '/api/conversations', {
    templateId: 'commute-weather',
    locale: 'ko',
    timezone: 'Asia/Seoul',
  });
  expect(started.status).toBe(201);
  const list = await stack.api(alice.idToken, 'GET', '/api/conversations?limit=5');
  expect(list.status).toBe(200);
  expect(list.body.conversations[0]).toEqual({
    id: started.body.conversationId,
    title: '출근길 날씨',
    agentId: null,
    updatedAt: expect.any(String),
    hasDraft: true,
  });
  expect((await stack.api(bob.idToken, 'GET', '/api/conversations')).body.conversations).toEqual([]);
  expect((await stack.api(bob.idToken, 'GET', `/api/conversations/${started.body.conversationId}`)).status).toBe(404);
  expect((await stack.api(alice.idToken, 'GET', '/api/conversations?limit=0')).status).toBe(400);
  expect((await stack.api(alice.idToken, 'POST', '/api/conversations', { templateId: 'nope' })).status).toBe(400);
});

test('run history: a bad cursor is a 400, another agent’s cursor too; results can be marked seen', async () => {
  const id = await agent(alice.idToken);
  const first = await stack.api(alice.idToken, 'GET', `/api/agents/${id}/executions?limit=5`);
  expect(first).toMatchObject({ status: 200, body: { executions: [], nextCursor: null } });
  const bad = await call(alice.idToken, 'GET', `/api/agents/${id}/executions?cursor=nonsense`, 'ko');
  expect(bad.status).toBe(400);
  expect(bad.body.error.details).toEqual([{ field: 'cursor', message: expect.any(String) }]);
  const other = Buffer.from(JSON.stringify({ v: 1, a: 'someoneElse', s: '2026-11-21T00:00:00.000Z', i: 'x' })).toString(
    'base64url',
  );
  expect((await stack.api(alice.idToken, 'GET', `/api/agents/${id}/executions?cursor=${other}`)).status).toBe(400);
  expect((await stack.api(alice.idToken, 'GET', `/api/agents/${id}/executions?q=`)).status).toBe(400);
  expect((await stack.api(alice.idToken, 'POST', '/api/results/seen')).status).toBe(204);
  expect((await stack.api(alice.idToken, 'POST', '/api/executions/nope/seen')).status).toBe(404);
});
