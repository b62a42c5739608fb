/**
 * Run-now's request rules on the local stack, through real HTTP: a per-user
 * limit per minute (kept in the store, answered 429 with Retry-After), and a
 * body that must be empty or `{}` (docs/api.md: unknown fields are rejected).
 * Runs go to the offline model; only what the API answers matters here.
 */
import { startStack, type TestStack } from '../support/stack';

jest.setTimeout(60_000);

const PER_MINUTE = 3;
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({ env: { RUN_NOW_PER_MINUTE: String(PER_MINUTE) } });
});
afterAll(async () => {
  await stack?.stop();
});

async function agentOf(token: string): Promise<string> {
  const res = await stack.api(token, 'POST', '/api/agents', { name: 'Now', finalAgentPrompt: 'Report.' });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

const runNow = (token: string, agentId: string, body?: string) =>
  fetch(`${stack.url}/api/agents/${agentId}/run`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body,
  });

const runsOf = async (token: string, agentId: string) =>
  (await stack.api(token, 'GET', `/api/agents/${agentId}/executions`)).body.executions as unknown[];

describe('run-now rate limit', () => {
  test('over the limit answers 429 with Retry-After and starts no run; another user is unaffected; a minute later it works again', async () => {
    const alice = await stack.guest();
    const bob = await stack.guest();
    const agent = await agentOf(alice.idToken);

    for (let i = 0; i < PER_MINUTE; i++) expect((await runNow(alice.idToken, agent)).status).toBe(202);
    const refused = await runNow(alice.idToken, agent);
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe('resource_exhausted');
    expect(error.message).toBe(
      `Too many runs started: at most ${PER_MINUTE} a minute. Try again in ${wait} second${wait === 1 ? '' : 's'}.`,
    );
    expect(await runsOf(alice.idToken, agent)).toHaveLength(PER_MINUTE);

    expect((await runNow(bob.idToken, await agentOf(bob.idToken))).status).toBe(202);

    stack.clock.advance((wait + 1) * 1000);
    expect((await runNow(alice.idToken, agent)).status).toBe(202);
    await stack.tasks.idle();
  });
});

describe('test runs of drafts', () => {
  test('count toward the same per-minute limit as run-now', async () => {
    const carol = await stack.guest();
    const agent = await agentOf(carol.idToken);
    for (let i = 0; i < PER_MINUTE - 1; i++) expect((await runNow(carol.idToken, agent)).status).toBe(202);
    // A conversation with a draft, from the offline designer.
    const turn = await stack.api(carol.idToken, 'POST', '/api/chat', {
      message: 'Every Monday at 8am, summarise the week in AI research',
      timezone: 'Asia/Seoul',
    });
    expect(turn.body.draft).toBeDefined();
    const path = `/api/conversations/${turn.body.conversationId}/test-run`;
    expect((await stack.api(carol.idToken, 'POST', path)).status).toBe(202);
    const refused = await stack.api(carol.idToken, 'POST', path);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('resource_exhausted');
    await stack.tasks.idle();
  });
});

describe('run-now body', () => {
  test.each([
    ['an unknown field', '{"priority":"high"}', [{ field: 'priority', message: 'Unknown field.' }]],
    ['an array', '[]', undefined],
    ['a string', '"now"', undefined],
  ])('with %s is refused with 400 and starts no run', async (_name, body, details) => {
    const user = await stack.guest();
    const agent = await agentOf(user.idToken);
    const res = await runNow(user.idToken, agent, body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; details?: unknown } };
    expect(json.error.code).toBe('invalid_argument');
    expect(json.error.details).toEqual(details);
    expect(await runsOf(user.idToken, agent)).toEqual([]);
  });

  test('empty or {} starts the run', async () => {
    const user = await stack.guest();
    const agent = await agentOf(user.idToken);
    expect((await runNow(user.idToken, agent)).status).toBe(202);
    expect((await runNow(user.idToken, agent, '{}')).status).toBe(202);
    expect(await runsOf(user.idToken, agent)).toHaveLength(2);
    await stack.tasks.idle();
  });
});
