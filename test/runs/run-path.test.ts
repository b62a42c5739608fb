/**
 * The run path end to end on the local stack, through real HTTP: the agents API
 * → the Tasks stand-in → runAgent → Claude (a Messages-API stand-in server of
 * our own, spoken to by the real SDK over HTTP) → the store; and tick through
 * the Scheduler stand-in. The stack's clock moves time, so nothing waits real hours.
 *
 * Longer than most files: the whole run path shares one stack and one model stub,
 * which a split would start once per file.
 */
import { adapters, claimExecution, enqueueTestRun, scheduledExecutionId } from '@agent-platform/functions/testing';
import { errorReply, type StubReply, textReply } from '../support/messages-stub';
import { stack, stub, useRunStack, user } from './harness';

jest.setTimeout(60_000);

useRunStack({ deleteAgentsAfterEach: true });

const hourly = (minute = '00') => ({ frequency: 'hourly', time: `00:${minute}`, timezone: 'UTC' });

async function createAgent(body: Record<string, unknown>, token = user.idToken) {
  const res = await stack.api(token, 'POST', '/api/agents', { name: 'Watcher', finalAgentPrompt: 'Report.', ...body });
  expect(res.status).toBe(201);
  return res.body as { id: string; nextRunAt: string | null; [k: string]: unknown };
}

const getAgent = async (id: string) => (await stack.api(user.idToken, 'GET', `/api/agents/${id}`)).body;
const getRun = async (id: string) => stack.api(user.idToken, 'GET', `/api/executions/${id}`);

/** Moves the stack's clock to `at` (plus a little) and lets every task that became due be delivered. */
async function runUntilIdle(at?: string | Date) {
  if (at) stack.clock.set(new Date(new Date(at).getTime() + 1000));
  await stack.tasks.idle();
}

async function tick(): Promise<{ enqueued: number }> {
  const res = await fetch(`${stack.url}/__local/tick`, { method: 'POST' });
  expect(res.status).toBe(200);
  return (await res.json()) as { enqueued: number };
}

function costOf(model: string, u: { input: number; output: number; cacheRead: number; cacheWrite: number }) {
  const p = stack.config.models.models[model] as {
    input: number;
    output: number;
    cacheRead: number;
    cacheWrite: number;
  };
  return (
    Math.round(
      ((u.input * p.input + u.output * p.output + u.cacheRead * p.cacheRead + u.cacheWrite * p.cacheWrite) / 1e6) * 1e6,
    ) / 1e6
  );
}

describe('a run, start to finish', () => {
  test('run-now calls Claude once with the prompt byte-exact and records result, usage and cost everywhere', async () => {
    const prompt =
      'Say "hi" and \'bye\'; run `ls -la` and $(rm -rf /) literally.\nLine two\r\n\t탭 한국어 요약 🚀📈 \\ end';
    const agent = await createAgent({ finalAgentPrompt: prompt, tools: ['web_search', 'web_fetch', 'code_execution'] });
    stub.script(
      textReply('# Weekly summary\n\n- 주가 상승 📈', {
        input_tokens: 1200,
        output_tokens: 300,
        cache_read_input_tokens: 100,
        cache_creation_input_tokens: 50,
      }),
    );

    const started = await stack.api(user.idToken, 'POST', `/api/agents/${agent.id}/run`);
    expect(started.status).toBe(202);
    const { executionId } = started.body as { executionId: string };
    await runUntilIdle();

    expect(stub.requests).toHaveLength(1);
    const sent = stub.requests[0]?.body as Record<string, unknown> & { tools: Array<{ type: string }> };
    expect(sent.messages).toEqual([{ role: 'user', content: prompt }]);
    expect(sent.model).toBe('claude-sonnet-5-5');
    // One call writes at most 8,000 tokens: the ceiling its budget hold counts on.
    expect(sent.max_tokens).toBe(Math.min(stack.config.run.maxOutputTokens, 8_000));
    expect(sent.tools.map((t) => t.type)).toEqual([
      'web_search_20260209',
      'web_fetch_20260209',
      'code_execution_20260120',
    ]);
    // Each tool is bounded, so the call's worst case is too.
    expect(sent.tools).toEqual([
      expect.objectContaining({ max_uses: 3 }),
      expect.objectContaining({ max_uses: 2, max_content_tokens: 8_000 }),
      expect.objectContaining({ type: 'code_execution_20260120' }),
    ]);
    expect(sent).not.toHaveProperty('temperature');
    expect(sent).not.toHaveProperty('tool_choice');
    expect(String(sent.system)).toContain(stack.clock.now().toISOString().slice(0, 10));
    expect(String(sent.system)).toMatch(/Markdown/);

    const run = (await getRun(executionId)).body;
    const usage = { input: 1200, output: 300, cacheRead: 100, cacheWrite: 50 };
    expect(run).toMatchObject({
      id: executionId,
      agentId: agent.id,
      trigger: 'manual',
      status: 'success',
      result: '# Weekly summary\n\n- 주가 상승 📈',
      error: null,
      tokenUsage: usage,
      model: 'claude-sonnet-5-5',
      attempt: 1,
    });
    expect(run.costUsd).toBeCloseTo(costOf('claude-sonnet-5-5', usage), 6);
    expect(run.costUsd).toBeGreaterThan(0);
    expect(run.events.map((e: { type: string }) => e.type)).toEqual(['queued', 'started', 'model', 'done']);
    expect(Date.parse(run.endTime)).toBeGreaterThanOrEqual(Date.parse(run.startTime));

    const after = await getAgent(agent.id);
    expect(after).toMatchObject({
      runCount: 1,
      totalTokenUsage: { input: 1350, output: 300 },
      lastRun: { executionId, status: 'success' },
    });
    expect(after.costUsd).toBeCloseTo(run.costUsd, 6);

    const usageRes = await stack.api(user.idToken, 'GET', '/api/usage');
    expect(usageRes.body.tokens).toEqual({ input: 1350, output: 300, total: 1650 });
    expect(usageRes.body.costUsd).toBeCloseTo(run.costUsd, 6);

    const list = await stack.api(user.idToken, 'GET', `/api/agents/${agent.id}/executions?limit=5`);
    expect(list.status).toBe(200);
    expect(list.body.executions.map((e: { id: string }) => e.id)).toEqual([executionId]);
  });

  test('a scheduled run starts at its time, gets the previous result as context, and queues the next run', async () => {
    const agent = await createAgent({ schedule: hourly('15'), status: 'active' });
    const first = agent.nextRunAt as string;
    stub.script(textReply('Price: 100'));
    await runUntilIdle(first);

    const firstId = scheduledExecutionId(agent.id, first);
    const run1 = (await getRun(firstId)).body;
    expect(run1).toMatchObject({ status: 'success', trigger: 'schedule', scheduledFor: first, result: 'Price: 100' });
    const moved = await getAgent(agent.id);
    expect(moved.nextRunAt).toBe(new Date(Date.parse(first) + 3600_000).toISOString());
    expect(moved.lastRun).toMatchObject({ executionId: firstId, status: 'success' });

    stub.script(textReply('Price: 120 (up 20)'));
    await runUntilIdle(moved.nextRunAt);
    expect(stub.requests).toHaveLength(2);
    expect(String(stub.requests[1]?.body.system)).toContain('Price: 100');
    expect(String(stub.requests[0]?.body.system)).not.toContain('previous_result');
    expect((await getAgent(agent.id)).runCount).toBe(2);
  });

  test('a paused turn is continued with the assistant content sent back unchanged, and tool calls show as progress', async () => {
    const agent = await createAgent({ tools: ['web_search'] });
    const paused: StubReply = {
      content: [
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'KOSPI today' } },
        {
          type: 'web_search_tool_result',
          tool_use_id: 'srvtoolu_1',
          content: [{ type: 'web_search_result', url: 'https://example.com', title: 'KOSPI', encrypted_content: 'x' }],
        },
      ],
      stop_reason: 'pause_turn',
    };
    stub.script(paused, textReply('KOSPI closed higher.'));
    const { executionId } = (await stack.api(user.idToken, 'POST', `/api/agents/${agent.id}/run`)).body;
    await runUntilIdle();

    expect(stub.requests).toHaveLength(2);
    const second = stub.requests[1]?.body.messages as Array<{ role: string; content: unknown }>;
    expect(second).toHaveLength(2);
    expect(second[1]).toEqual({ role: 'assistant', content: (paused as { content: unknown }).content });
    const run = (await getRun(executionId)).body;
    expect(run.status).toBe('success');
    expect(run.result).toBe('KOSPI closed higher.');
    expect(run.events.map((e: { message: string }) => e.message)).toContain('Searching the web: "KOSPI today"');
    expect(run.tokenUsage.input).toBe(20);
  });

  test('a run stops at the output ceiling and says so', async () => {
    const agent = await createAgent({});
    stub.script({
      content: [{ type: 'text', text: 'A very long ans' }],
      stop_reason: 'max_tokens',
      usage: { output_tokens: 16_000 },
    });
    const { executionId } = (await stack.api(user.idToken, 'POST', `/api/agents/${agent.id}/run`)).body;
    await runUntilIdle();
    const run = (await getRun(executionId)).body;
    expect(stub.requests).toHaveLength(1);
    expect(run.status).toBe('success');
    expect(run.result).toBe('A very long ans');
    expect(
      run.events.some(
        (e: { type: string; message: string }) => e.type === 'warning' && /output ceiling/.test(e.message),
      ),
    ).toBe(true);
  });

  test('a test run of an unsaved draft goes the same way and touches no agent', async () => {
    const { executionId } = await enqueueTestRun(adapters(), {
      userId: user.uid,
      conversationId: 'conv-1',
      draft: { name: 'Draft', finalAgentPrompt: 'Draft prompt ✨', tools: ['web_fetch'], model: 'claude-haiku-5-5' },
    });
    await runUntilIdle();
    expect(stub.requests[0]?.body.messages).toEqual([{ role: 'user', content: 'Draft prompt ✨' }]);
    expect(stub.requests[0]?.body.model).toBe('claude-haiku-5-5');
    const run = (await getRun(executionId)).body;
    expect(run).toMatchObject({
      agentId: null,
      trigger: 'test',
      status: 'success',
      conversationId: 'conv-1',
      model: 'claude-haiku-5-5',
    });
    expect((await stack.api(user.idToken, 'GET', '/api/usage')).body.tokens.total).toBe(15);
  });
});

describe('exactly one execution', () => {
  test('20 concurrent deliveries of one task make one execution and one model call; the others retry later and end as no-ops', async () => {
    const agent = await createAgent({ schedule: hourly('30'), status: 'active' });
    const id = scheduledExecutionId(agent.id, agent.nextRunAt as string);
    // The model answers only once the other 19 deliveries have been answered, so none of them can
    // arrive after the run finished, however slowly a loaded machine serves them (no timing to hope on).
    let othersAnswered!: () => void;
    const gate = new Promise<void>((resolve) => {
      othersAnswered = resolve;
    });
    stub.respond(async () => {
      await gate;
      return textReply('once');
    });
    // Should fewer than 19 ever be answered (the bug this test is for), the model answers anyway and the test fails.
    const fallback = setTimeout(() => othersAnswered(), 20_000);
    let answered = 0;
    const token = stack.taskToken();
    const payload = {
      executionId: id,
      agentId: agent.id,
      userId: user.uid,
      trigger: 'schedule',
      scheduledFor: agent.nextRunAt,
    };
    const deliver = () =>
      fetch(`${stack.url}/__local/functions/runAgent`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${token}`,
          'X-CloudTasks-TaskName': id,
          'X-CloudTasks-TaskRetryCount': '0',
        },
        body: JSON.stringify(payload),
      });
    // The queue's own delivery of this task waits, so the 20 below are the only ones.
    await stack.tasks.stop();
    stack.clock.set(new Date(Date.parse(agent.nextRunAt as string) + 1000));
    // Restarted whatever happens, so a failure here does not leave the queue stopped for the tests after it.
    try {
      const answers = await Promise.all(
        Array.from({ length: 20 }, async () => {
          const res = await deliver();
          if (++answered === 19) othersAnswered();
          return res;
        }),
      );
      const statuses = answers.map((a) => a.status).sort();
      expect(statuses).toEqual([200, ...Array(19).fill(503)]);
      for (const busy of answers.filter((a) => a.status === 503)) {
        // Asked to come back once the running delivery's lease would have lapsed, not dropped.
        const wait = Number(busy.headers.get('retry-after'));
        expect(wait).toBeGreaterThanOrEqual(1);
        expect(wait).toBeLessThanOrEqual(stack.config.run.leaseSeconds + 1);
        expect(((await busy.json()) as { error: { code: string } }).error.code).toBe('unavailable');
      }
      expect(stub.requests).toHaveLength(1);

      // The retries of the 19, once the run has finished: each acknowledged, nothing run again.
      const retried = await Promise.all(Array.from({ length: 19 }, deliver));
      expect(retried.map((a) => a.status)).toEqual(Array(19).fill(200));
      for (const r of retried) expect(((await r.json()) as { outcome: string }).outcome).toBe('noop');
    } finally {
      clearTimeout(fallback);
      othersAnswered();
      stack.tasks.start();
    }
    await runUntilIdle();
    expect(stub.requests).toHaveLength(1);
    const run = (await getRun(id)).body;
    expect(run).toMatchObject({ status: 'success', attempt: 1, result: 'once' });
    const runs = await stack.api(user.idToken, 'GET', `/api/agents/${agent.id}/executions`);
    expect(runs.body.executions.filter((e: { status: string }) => e.status === 'success')).toHaveLength(1);
    expect((await getAgent(agent.id)).runCount).toBe(1);
  });

  test('runAgent refuses callers without the task credential', async () => {
    const res = await fetch(`${stack.url}/__local/functions/runAgent`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${user.idToken}` },
      body: JSON.stringify({
        executionId: 'x',
        agentId: null,
        userId: user.uid,
        trigger: 'test',
        scheduledFor: new Date().toISOString(),
      }),
    });
    expect(res.status).toBe(401);
    expect(stub.requests).toHaveLength(0);
  });

  test('a worker that crashed after its claim is replaced once the lease expires, and the run completes once', async () => {
    const agent = await createAgent({ schedule: hourly('45'), status: 'active' });
    const id = scheduledExecutionId(agent.id, agent.nextRunAt as string);
    stack.clock.set(new Date(Date.parse(agent.nextRunAt as string) - 1000));
    // A worker claims the run, then dies before calling Claude.
    const claim = await claimExecution(adapters(), id);
    expect(claim.kind).toBe('claimed');
    await runUntilIdle(agent.nextRunAt as string); // the task arrives while the lease is live: told to come back later
    expect(stub.requests).toHaveLength(0);
    expect((await getRun(id)).body.status).toBe('running');

    // The queue is held while the tick runs: its own retry of the task (due once the lease
    // lapsed) would otherwise race the sweeper for the run; either may recover it.
    await stack.tasks.stop();
    stack.clock.advance((stack.config.run.leaseSeconds + 5) * 1000);
    try {
      expect((await tick()).enqueued).toBeGreaterThanOrEqual(1);
    } finally {
      stack.tasks.start();
    }
    await runUntilIdle();
    expect(stub.requests).toHaveLength(1);
    const run = (await getRun(id)).body;
    expect(run).toMatchObject({ status: 'success', attempt: 2 });
    const after = await getAgent(agent.id);
    expect(after.runCount).toBe(1);
    expect(Date.parse(after.nextRunAt)).toBeGreaterThan(stack.clock.now().getTime());
  });
});

describe('failures and retries', () => {
  test('529 twice then success is one successful run, charged once', async () => {
    const agent = await createAgent({});
    const overloaded = errorReply(529, 'overloaded_error', 'Overloaded');
    stub.script(overloaded, overloaded, textReply('made it', { input_tokens: 40, output_tokens: 7 }));
    const { executionId } = (await stack.api(user.idToken, 'POST', `/api/agents/${agent.id}/run`)).body;
    await runUntilIdle();
    expect(stub.requests).toHaveLength(3);
    const run = (await getRun(executionId)).body;
    expect(run).toMatchObject({ status: 'success', result: 'made it', tokenUsage: { input: 40, output: 7 } });
    expect((await stack.api(user.idToken, 'GET', '/api/usage')).body.tokens.total).toBe(47);
  });

  test('an overload outlasting the client retries goes back to the queue and succeeds on a later attempt, charged once', async () => {
    const agent = await createAgent({});
    const overloaded = errorReply(529, 'overloaded_error', 'Overloaded');
    // The SDK tries 3 times per attempt: the first attempt fails, the second succeeds.
    stub.script(
      overloaded,
      overloaded,
      overloaded,
      textReply('second attempt', { input_tokens: 40, output_tokens: 7 }),
    );
    const { executionId } = (await stack.api(user.idToken, 'POST', `/api/agents/${agent.id}/run`)).body;
    for (let i = 0; i < 50 && (await getRun(executionId)).body.status !== 'success'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await stack.tasks.idle();
    }
    const run = (await getRun(executionId)).body;
    expect(run).toMatchObject({ status: 'success', attempt: 2, result: 'second attempt' });
    expect(run.events.some((e: { type: string }) => e.type === 'retry')).toBe(true);
    expect(stub.requests).toHaveLength(4);
    expect((await stack.api(user.idToken, 'GET', '/api/usage')).body.tokens.total).toBe(47);
    expect((await getAgent(agent.id)).runCount).toBe(1);
  });

  test('a permanent 400 fails the run with a readable message, once, and the schedule goes on', async () => {
    const agent = await createAgent({ schedule: hourly('05'), status: 'active' });
    stub.script(errorReply(400, 'invalid_request_error', 'tools.0: unknown tool type'));
    await runUntilIdle(agent.nextRunAt as string);
    expect(stub.requests).toHaveLength(1);
    const run = (await getRun(scheduledExecutionId(agent.id, agent.nextRunAt as string))).body;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/refused the request: tools.0: unknown tool type/);
    const after = await getAgent(agent.id);
    expect(after).toMatchObject({ status: 'active', runCount: 1, lastRun: { status: 'failed' } });
    expect(Date.parse(after.nextRunAt)).toBe(Date.parse(agent.nextRunAt as string) + 3600_000);
    const next = await getRun(scheduledExecutionId(agent.id, after.nextRunAt));
    expect(next.body.status).toBe('queued');
  });

  test('a refusal fails the run and says the prompt was declined', async () => {
    const agent = await createAgent({});
    stub.script({ content: [], stop_reason: 'refusal' });
    const { executionId } = (await stack.api(user.idToken, 'POST', `/api/agents/${agent.id}/run`)).body;
    await runUntilIdle();
    const run = (await getRun(executionId)).body;
    expect(stub.requests).toHaveLength(1);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/declined/);
  });
});

describe('budgets', () => {
  /** Leaves a cent of a one-dollar budget: less than any run's first call may cost. */
  async function spendBudget(uid: string) {
    const month = stack.clock.now().toISOString().slice(0, 7);
    await stack.store.set(`users/${uid}`, {
      userId: uid,
      usage: { [month]: { input: 900, output: 100, costUsd: 0.99 } },
      budgetUsd: 1,
      createdAt: stack.clock.now().toISOString(),
    });
  }

  test("once the month's budget is spent, run-now answers 429 and no run is created", async () => {
    const agent = await createAgent({});
    await spendBudget(user.uid);
    const res = await stack.api(user.idToken, 'POST', `/api/agents/${agent.id}/run`);
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe('resource_exhausted');
    expect(res.body.error.message).toMatch(/This month's budget \(\$1\.00\) does not cover this.*resets on 2026-/);
    expect((await stack.api(user.idToken, 'GET', `/api/agents/${agent.id}/executions`)).body.executions).toEqual([]);
    const usage = (await stack.api(user.idToken, 'GET', '/api/usage')).body;
    expect(usage.budget).toMatchObject({ usd: 1, remainingUsd: 0.01, reservedUsd: 0, tokens: null });
    expect((await getAgent(agent.id)).blockedBy).toBe('user_budget');
  });

  test('a scheduled run over budget fails with the reason before any model call, and the schedule is kept', async () => {
    const agent = await createAgent({ schedule: hourly('10'), status: 'active' });
    await spendBudget(user.uid);
    await runUntilIdle(agent.nextRunAt as string);
    expect(stub.requests).toHaveLength(0);
    const run = (await getRun(scheduledExecutionId(agent.id, agent.nextRunAt as string))).body;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/This month's budget \(\$1\.00\) does not cover this/);
    expect(run.events.at(-1)).toMatchObject({ code: 'budget_refused', params: { budget: 'user_budget' } });
    const after = await getAgent(agent.id);
    expect(after.status).toBe('active');
    expect(after.blockedBy).toBe('user_budget');
    expect(Date.parse(after.nextRunAt)).toBe(Date.parse(agent.nextRunAt as string) + 3600_000);
  });
});

describe('changes while a run is queued', () => {
  test('deleting an agent or pausing it means its queued run never happens; resuming does not replay the pause', async () => {
    const doomed = await createAgent({ schedule: hourly('20'), status: 'active' });
    const paused = await createAgent({ schedule: hourly('20'), status: 'active' });
    expect((await stack.api(user.idToken, 'DELETE', `/api/agents/${doomed.id}`)).status).toBe(204);
    expect((await stack.api(user.idToken, 'PATCH', `/api/agents/${paused.id}`, { status: 'inactive' })).status).toBe(
      200,
    );

    // Three scheduled times pass while paused.
    await runUntilIdle(new Date(Date.parse(paused.nextRunAt as string) + 2 * 3600_000));
    await tick();
    await runUntilIdle();
    expect(stub.requests).toHaveLength(0);
    expect(
      await stack.store.get(`executions/${scheduledExecutionId(doomed.id, doomed.nextRunAt as string)}`),
    ).toBeNull();
    expect(
      await stack.store.get(`executions/${scheduledExecutionId(paused.id, paused.nextRunAt as string)}`),
    ).toBeNull();

    const resumed = await stack.api(user.idToken, 'PATCH', `/api/agents/${paused.id}`, { status: 'active' });
    expect(Date.parse(resumed.body.nextRunAt)).toBeGreaterThan(stack.clock.now().getTime());
    await tick();
    await runUntilIdle();
    expect(stub.requests).toHaveLength(0);
    await runUntilIdle(resumed.body.nextRunAt);
    expect(stub.requests).toHaveLength(1);
    const runs = (await stack.api(user.idToken, 'GET', `/api/agents/${paused.id}/executions`)).body.executions;
    expect(
      runs
        .filter((r: { status: string }) => r.status === 'success')
        .map((r: { scheduledFor: string }) => r.scheduledFor),
    ).toEqual([resumed.body.nextRunAt]);
  });
});

describe('the sweeper', () => {
  test('after an outage across several scheduled times the agent runs once, for the latest, and records the skips', async () => {
    const agent = await createAgent({ schedule: hourly('50'), status: 'active' });
    const first = Date.parse(agent.nextRunAt as string);
    await stack.tasks.stop(); // the platform is down: nothing is delivered
    stack.clock.set(new Date(first + 3 * 3600_000 + 10 * 60_000));
    const ticked = await tick();
    expect(ticked.enqueued).toBe(1);
    stack.tasks.start();
    await runUntilIdle();

    expect(stub.requests).toHaveLength(1);
    const latest = new Date(first + 3 * 3600_000).toISOString();
    const runs = (await stack.api(user.idToken, 'GET', `/api/agents/${agent.id}/executions`)).body.executions;
    const done = runs.filter((r: { status: string }) => r.status !== 'queued');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ scheduledFor: latest, status: 'success', skippedRuns: 3 });
    expect((await getAgent(agent.id)).nextRunAt).toBe(new Date(first + 4 * 3600_000).toISOString());
  });

  test('a task delivered late, after later scheduled times passed, runs once for the latest and records the skips', async () => {
    const agent = await createAgent({ schedule: hourly('40'), status: 'active' });
    const first = Date.parse(agent.nextRunAt as string);
    await stack.tasks.stop(); // Cloud Tasks holds the task while the platform is down
    stack.clock.set(new Date(first + 2 * 3600_000 + 60_000));
    stack.tasks.start();
    await runUntilIdle();

    expect(stub.requests).toHaveLength(1);
    const latest = new Date(first + 2 * 3600_000).toISOString();
    const runs = (await stack.api(user.idToken, 'GET', `/api/agents/${agent.id}/executions`)).body.executions;
    const done = runs.filter((r: { status: string }) => r.status !== 'queued');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ id: scheduledExecutionId(agent.id, latest), status: 'success', skippedRuns: 2 });
    expect(done[0].events[0]).toMatchObject({ type: 'skipped' });
    expect((await getAgent(agent.id)).nextRunAt).toBe(new Date(first + 3 * 3600_000).toISOString());
  });

  test('a run more than 30 days ahead waits in Firestore and is enqueued by tick when it comes near', async () => {
    const now = stack.clock.now();
    const far = new Date(now.getTime() + 40 * 24 * 3600_000);
    const cron = `${far.getUTCMinutes()} ${far.getUTCHours()} ${far.getUTCDate()} ${far.getUTCMonth() + 1} *`;
    const agent = await createAgent({ schedule: { frequency: 'cron', cron, timezone: 'UTC' }, status: 'active' });
    const id = scheduledExecutionId(agent.id, agent.nextRunAt as string);
    expect(await stack.store.get(`executions/${id}`)).toBeNull();
    expect((await tick()).enqueued).toBe(0);

    stack.clock.set(new Date(Date.parse(agent.nextRunAt as string) - 2 * 60_000));
    expect((await tick()).enqueued).toBe(1);
    expect((await tick()).enqueued).toBe(0);
    await runUntilIdle(agent.nextRunAt as string);
    expect((await getRun(id)).body.status).toBe('success');
  });

  test("someone else's runs answer 404", async () => {
    const agent = await createAgent({});
    const { executionId } = (await stack.api(user.idToken, 'POST', `/api/agents/${agent.id}/run`)).body;
    await runUntilIdle();
    const other = await stack.guest();
    expect((await stack.api(other.idToken, 'GET', `/api/executions/${executionId}`)).status).toBe(404);
    expect((await stack.api(other.idToken, 'GET', `/api/agents/${agent.id}/executions`)).status).toBe(404);
    expect((await stack.api(other.idToken, 'POST', `/api/agents/${agent.id}/run`)).status).toBe(404);
    expect((await stack.api(user.idToken, 'GET', `/api/agents/${agent.id}/executions?limit=0`)).status).toBe(400);
  });
});
