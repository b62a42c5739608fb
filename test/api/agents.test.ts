/**
 * The agent API through the real HTTP routing of the local stack (firebase.json
 * rewrites → Functions Framework → agents function → SQLite store), as two
 * guests would use it.
 */
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

const spec = { name: 'Weekly stock summary', finalAgentPrompt: 'Summarise the week in markdown.' };
const weeklySeoul = { frequency: 'weekly', time: '08:00', daysOfWeek: [1], timezone: 'Asia/Seoul' };

async function create(token: string, body: unknown = spec) {
  const res = await stack.api(token, 'POST', '/api/agents', body);
  expect(res.status).toBe(201);
  return res.body as { id: string; [k: string]: unknown };
}

/** Every agent document in the store, as stored (to prove a refused request changed nothing). */
async function allAgents() {
  const docs = await stack.store.query({ collection: 'agents' });
  return docs.map((d) => ({ id: d.id, data: d.data })).sort((a, b) => a.id.localeCompare(b.id));
}

describe('the agent lifecycle', () => {
  test('create, read, list, change and delete an agent', async () => {
    const created = await stack.api(alice.idToken, 'POST', '/api/agents', {
      ...spec,
      description: '매주 월요일 주식 요약',
      tools: ['web_search'],
      schedule: weeklySeoul,
      status: 'active',
    });
    expect(created.status).toBe(201);
    const agent = created.body;
    expect(Object.keys(agent).sort()).toEqual(
      [
        'id',
        'name',
        'description',
        'finalAgentPrompt',
        'tools',
        'model',
        'schedule',
        'status',
        'engine',
        'nextRunAt',
        'lastRun',
        'totalTokenUsage',
        'costUsd',
        'runCount',
        'conversationId',
        'deliveries',
        'monthlyBudgetUsd',
        'blockedBy',
        'createdAt',
        'updatedAt',
      ].sort(),
    );
    expect(agent).toMatchObject({
      name: spec.name,
      tools: ['web_search'],
      schedule: weeklySeoul,
      status: 'active',
      lastRun: null,
      totalTokenUsage: { input: 0, output: 0 },
      costUsd: 0,
      runCount: 0,
      conversationId: null,
    });
    // The next Monday 08:00 in Seoul, computed independently of the code under test.
    const next = new Date(agent.nextRunAt);
    expect(next.getTime()).toBeGreaterThan(stack.clock.now().getTime());
    expect(next.getTime() - stack.clock.now().getTime()).toBeLessThanOrEqual(7 * 24 * 3600_000);
    expect(
      new Intl.DateTimeFormat('en-US', {
        timeZone: 'Asia/Seoul',
        weekday: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(next),
    ).toBe('Mon 08:00');

    const read = await stack.api(alice.idToken, 'GET', `/api/agents/${agent.id}`);
    expect(read).toEqual({ status: 200, body: agent });

    const listed = await stack.api(alice.idToken, 'GET', '/api/agents');
    expect(listed.status).toBe(200);
    expect(listed.body.agents.map((a: { id: string }) => a.id)).toContain(agent.id);

    const patched = await stack.api(alice.idToken, 'PATCH', `/api/agents/${agent.id}`, { status: 'inactive' });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: agent.id, status: 'inactive', nextRunAt: null, name: spec.name });

    const deleted = await stack.api(alice.idToken, 'DELETE', `/api/agents/${agent.id}`);
    expect(deleted).toEqual({ status: 204, body: undefined });
    expect((await stack.api(alice.idToken, 'GET', `/api/agents/${agent.id}`)).status).toBe(404);
  });

  test('an agent deleted with a run queued never runs it', async () => {
    const agent = await create(alice.idToken, {
      ...spec,
      status: 'active',
      schedule: { frequency: 'cron', cron: '* * * * *', timezone: 'UTC' },
    });
    const queued = await stack.store.query({ collection: 'executions', where: [['agentId', '==', agent.id]] });
    expect(queued).toHaveLength(1);
    expect((await stack.api(alice.idToken, 'DELETE', `/api/agents/${agent.id}`)).status).toBe(204);
    // Its run time comes and goes, the sweeper ticks, and the queue drains.
    stack.clock.advance(3 * 60_000);
    await fetch(`${stack.url}/__local/tick`, { method: 'POST' });
    await stack.tasks.idle();
    const after = await stack.store.query<{ status: string; startTime: string | null }>({
      collection: 'executions',
      where: [['agentId', '==', agent.id]],
    });
    expect(after.filter((e) => e.data.startTime !== null || e.data.status === 'success')).toEqual([]);
  });
});

describe('isolation between two users, on every endpoint', () => {
  test("bob cannot see, change or delete alice's agent: 404, exactly as for a missing one", async () => {
    const agent = await create(alice.idToken, { ...spec, schedule: weeklySeoul, status: 'active' });
    const before = await allAgents();
    const missing = await stack.api(bob.idToken, 'GET', '/api/agents/doesNotExist0000000');
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { name: 'stolen' }],
      ['DELETE', undefined],
    ] as const) {
      const res = await stack.api(bob.idToken, method, `/api/agents/${agent.id}`, body);
      expect({ method, status: res.status, body: res.body }).toEqual({
        method,
        status: 404,
        body: missing.body,
      });
    }
    const bobsList = await stack.api(bob.idToken, 'GET', '/api/agents');
    expect(bobsList.body.agents.map((a: { id: string }) => a.id)).not.toContain(agent.id);
    expect(await allAgents()).toEqual(before);
  });

  test('an agent bob creates appears only in his own list', async () => {
    const bobs = await create(bob.idToken, { ...spec, name: "Bob's agent" });
    const alicesList = await stack.api(alice.idToken, 'GET', '/api/agents');
    expect(alicesList.body.agents.map((a: { id: string }) => a.id)).not.toContain(bobs.id);
    expect(JSON.stringify(alicesList.body)).not.toContain(bob.uid);
  });

  test.each([
    ['POST', '/api/agents'],
    ['GET', '/api/agents'],
    ['GET', '/api/agents/abc'],
    ['PATCH', '/api/agents/abc'],
    ['DELETE', '/api/agents/abc'],
  ])('%s %s without a token is 401', async (method, path) => {
    const res = await stack.api(undefined, method, path, method === 'POST' || method === 'PATCH' ? spec : undefined);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    const forged = await stack.api('not-a-token', method, path);
    expect(forged.status).toBe(401);
  });
});

describe('refused requests change nothing', () => {
  test.each([
    { name: 'a missing name', body: { finalAgentPrompt: 'x' }, fields: ['name'] },
    { name: 'an unknown field', body: { ...spec, owner: 'me' }, fields: ['owner'] },
    { name: 'a name over 100 characters', body: { ...spec, name: 'n'.repeat(101) }, fields: ['name'] },
    { name: 'an unknown tool', body: { ...spec, tools: ['shell'] }, fields: ['tools[0]'] },
    { name: 'an unknown model', body: { ...spec, model: 'gpt-9' }, fields: ['model'] },
    {
      name: 'a bad time and zone',
      body: { ...spec, schedule: { frequency: 'daily', time: '25:00', timezone: 'Mars/Base' } },
      fields: ['schedule.time', 'schedule.timezone'],
    },
  ])('POST with $name is 400 naming each field, and creates nothing', async ({ body, fields }) => {
    const before = await allAgents();
    const res = await stack.api(alice.idToken, 'POST', '/api/agents', body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_argument');
    expect(res.body.error.details.map((d: { field: string }) => d.field).sort()).toEqual(fields);
    expect(await allAgents()).toEqual(before);
  });

  test('PATCH with a bad field is 400 and leaves the agent as it was', async () => {
    const agent = await create(alice.idToken);
    const before = await allAgents();
    const res = await stack.api(alice.idToken, 'PATCH', `/api/agents/${agent.id}`, { name: 'ok', runCount: 99 });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ field: 'runCount', message: 'Unknown field.' }]);
    expect(await allAgents()).toEqual(before);
  });

  test('a body over 256 KiB is 413 and creates nothing', async () => {
    const before = await allAgents();
    const res = await stack.api(alice.idToken, 'POST', '/api/agents', { ...spec, description: 'x'.repeat(300 * 1024) });
    expect(res.status).toBe(413);
    expect(await allAgents()).toEqual(before);
  });

  test('malformed JSON is 400 and creates nothing', async () => {
    const before = await allAgents();
    const res = await stack.api(alice.idToken, 'POST', '/api/agents', '{"name": ');
    expect(res.status).toBe(400);
    expect(await allAgents()).toEqual(before);
  });
});

describe('concurrency', () => {
  test('50 concurrent creates from two users all land, each in its owner’s list, newest first', async () => {
    const carol = await stack.guest();
    const dave = await stack.guest();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const who = i % 2 ? carol : dave;
        return stack.api(who.idToken, 'POST', '/api/agents', { ...spec, name: `agent ${i}` });
      }),
    );
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(50);
    for (const [who, parity] of [
      [carol, 1],
      [dave, 0],
    ] as const) {
      const list = (await stack.api(who.idToken, 'GET', '/api/agents')).body.agents as {
        name: string;
        createdAt: string;
      }[];
      const expected = Array.from({ length: 50 }, (_, i) => i)
        .filter((i) => i % 2 === parity)
        .map((i) => `agent ${i}`);
      expect(list.map((a) => a.name).sort()).toEqual(expected.sort());
      const times = list.map((a) => a.createdAt);
      expect(times).toEqual([...times].sort().reverse());
    }
  });
});
