/**
 * The run log's codes through the real run path (agents API → Tasks stand-in →
 * runAgent → a Messages-API stand-in → the store → the executions API): every
 * line carries a stable `code`, `params` where its text has values, and still
 * its English `message` for API clients.
 */
import { scheduledExecutionId } from '@agent-platform/functions/testing';
import { errorReply, type StubReply, textReply } from '../support/messages-stub';
import { stack, stub, useRunStack, user } from './harness';

jest.setTimeout(60_000);

interface Event {
  at: string;
  type: string;
  message: string;
  code?: string;
  params?: Record<string, string | number>;
}

useRunStack({ deleteAgentsAfterEach: true });

async function createAgent(body: Record<string, unknown>) {
  const res = await stack.api(user.idToken, 'POST', '/api/agents', {
    name: 'Watcher',
    finalAgentPrompt: 'Report.',
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; nextRunAt: string | null };
}

async function runNow(agentId: string): Promise<string> {
  const res = await stack.api(user.idToken, 'POST', `/api/agents/${agentId}/run`);
  expect(res.status).toBe(202);
  return res.body.executionId;
}

const getRun = async (id: string) =>
  (await stack.api(user.idToken, 'GET', `/api/executions/${id}`)).body as { status: string; events: Event[] };
const codes = (events: Event[]) => events.map((e) => e.code);
const find = (events: Event[], code: string) => events.find((e) => e.code === code);

async function runUntilIdle(at?: string) {
  if (at) stack.clock.set(new Date(Date.parse(at) + 1000));
  await stack.tasks.idle();
}

test('a run with a web search logs each step as a code with its values, and the English message beside it', async () => {
  const agent = await createAgent({ tools: ['web_search'] });
  const paused: StubReply = {
    content: [
      { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: '코스피 오늘' } },
      {
        type: 'web_search_tool_result',
        tool_use_id: 'srvtoolu_1',
        content: [
          { type: 'web_search_result', url: 'https://example.com/1', title: 'a', encrypted_content: 'x' },
          { type: 'web_search_result', url: 'https://example.com/2', title: 'b', encrypted_content: 'y' },
        ],
      },
    ],
    stop_reason: 'pause_turn',
    usage: { input_tokens: 200, output_tokens: 30 },
  };
  stub.script(paused, textReply('KOSPI closed higher.', { input_tokens: 66, output_tokens: 209 }));
  const id = await runNow(agent.id);
  await runUntilIdle();

  const run = await getRun(id);
  expect(run.status).toBe('success');
  expect(codes(run.events)).toEqual([
    'queued',
    'started',
    'asking_model',
    'web_search',
    'search_results',
    'model_continuing',
    'finished',
  ]);
  const model = stack.config.models.defaultModel;
  const label = stack.config.models.models[model]?.label ?? model;
  expect(find(run.events, 'asking_model')).toMatchObject({ type: 'model', params: { model: label } });
  expect(find(run.events, 'web_search')).toMatchObject({
    type: 'tool',
    params: { query: '코스피 오늘' },
    message: 'Searching the web: "코스피 오늘"',
  });
  expect(find(run.events, 'search_results')).toMatchObject({ params: { count: 2 } });
  expect(find(run.events, 'finished')).toEqual({
    at: expect.any(String),
    type: 'done',
    code: 'finished',
    params: { input: 266, output: 239 },
    message: 'Finished: 266 input and 239 output tokens.',
  });
  // Lines without values carry no params.
  expect(find(run.events, 'started')).toEqual({
    at: expect.any(String),
    type: 'started',
    code: 'started',
    message: 'Run started.',
  });
});

test('an overload that outlasts the client retries logs the retry with its attempt, then starts again as attempt 2', async () => {
  const agent = await createAgent({});
  const overloaded = errorReply(529, 'overloaded_error', 'Overloaded');
  stub.script(overloaded, overloaded, overloaded, textReply('second attempt'));
  const id = await runNow(agent.id);
  for (let i = 0; i < 50 && (await getRun(id)).status !== 'success'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    await stack.tasks.idle();
  }
  const run = await getRun(id);
  expect(run.status).toBe('success');
  const retry = find(run.events, 'retry');
  expect(retry).toMatchObject({
    type: 'retry',
    params: { attempt: 1, reason: expect.stringMatching(/overloaded/), reasonCode: 'overloaded' },
  });
  expect(retry?.message).toBe(`${retry?.params?.reason} (attempt 1)`);
  expect(find(run.events, 'started_again')).toMatchObject({
    params: { attempt: 2 },
    message: 'Run started again (attempt 2).',
  });
});

test("a model error keeps the service's text as its message and names its reason for other languages", async () => {
  const agent = await createAgent({});
  stub.script(errorReply(400, 'invalid_request_error', 'tools.0: unknown tool type'));
  const id = await runNow(agent.id);
  await runUntilIdle();
  const run = await getRun(id);
  expect(run.status).toBe('failed');
  const error = run.events.at(-1);
  expect(error).toMatchObject({ type: 'error', code: 'error' });
  expect(error?.message).toMatch(/refused the request: tools.0: unknown tool type/);
  expect(error?.params).toEqual({ reasonCode: 'refused' });
});

test('a scheduled run refused for the spent budget says how much was used and when it resets', async () => {
  const agent = await createAgent({
    schedule: { frequency: 'hourly', time: '00:10', timezone: 'UTC' },
    status: 'active',
  });
  const month = stack.clock.now().toISOString().slice(0, 7);
  await stack.store.set(`users/${user.uid}`, {
    userId: user.uid,
    usage: { [month]: { input: 900, output: 100, costUsd: 0.99 } },
    budgetUsd: 1,
    createdAt: stack.clock.now().toISOString(),
  });
  await runUntilIdle(agent.nextRunAt as string);
  const run = await getRun(scheduledExecutionId(agent.id, agent.nextRunAt as string));
  expect(run.status).toBe('failed');
  const refusal = find(run.events, 'budget_refused');
  expect(refusal).toMatchObject({
    type: 'error',
    params: { budget: 'user_budget', unit: 'usd', limit: '1.00', resetsOn: expect.stringMatching(/^\d{4}-\d{2}-01$/) },
    message: expect.stringMatching(/This month's budget \(\$1\.00\) does not cover this: \$0\.99\d* is spent or held/),
  });
  expect(stub.requests).toHaveLength(0);
});

test('a task delivered after later scheduled times passed logs how many it skipped', async () => {
  const agent = await createAgent({
    schedule: { frequency: 'hourly', time: '00:40', timezone: 'UTC' },
    status: 'active',
  });
  const first = Date.parse(agent.nextRunAt as string);
  await stack.tasks.stop();
  stack.clock.set(new Date(first + 2 * 3600_000 + 60_000));
  stack.tasks.start();
  await runUntilIdle();
  const latest = new Date(first + 2 * 3600_000).toISOString();
  const run = await getRun(scheduledExecutionId(agent.id, latest));
  expect(run.events[0]).toMatchObject({
    type: 'skipped',
    code: 'skipped',
    params: { count: 2 },
    message: 'The platform was unavailable at 2 earlier scheduled times; running once, for the latest.',
  });
});

test('events stored before codes existed come back through the API unchanged, without code or params', async () => {
  const agent = await createAgent({});
  const id = await runNow(agent.id);
  await runUntilIdle();
  const old = [
    { at: '2026-01-01T00:00:00.000Z', type: 'started', message: 'Run started.' },
    { at: '2026-01-01T00:00:01.000Z', type: 'done', message: 'Finished: 5 input and 10 output tokens.' },
  ];
  await stack.store.update(`executions/${id}`, { events: old });
  expect((await getRun(id)).events).toEqual(old);
});
