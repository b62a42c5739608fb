/**
 * The run lease on the local stack, through real HTTP: a run whose worker dies
 * is taken over about a lease later by its own task's retry (no sweep needed),
 * a redelivery during a live lease is told to come back and then ends as a
 * no-op, and the running delivery's heartbeat keeps a long run its own. The
 * stack's clock stands in for the minutes; the model is a Messages-API stub.
 */

import type { ExecutionDoc } from '@agent-platform/core/runs';
import { adapters, claimExecution, scheduledExecutionId } from '@agent-platform/functions/testing';
import { type StubReply, textReply } from '../support/messages-stub';
import { stack, stub, useRunStack, user } from './harness';

jest.setTimeout(60_000);

useRunStack({ deleteAgentsAfterEach: false });

const LEASE_MS = () => stack.config.run.leaseSeconds * 1000;

async function createAgent(body: Record<string, unknown> = {}) {
  const res = await stack.api(user.idToken, 'POST', '/api/agents', {
    name: 'Watcher',
    finalAgentPrompt: 'Report.',
    ...body,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; nextRunAt: string | null };
}

const rawRun = async (id: string) => (await stack.store.get<ExecutionDoc>(`executions/${id}`))?.data as ExecutionDoc;

/** Resolves with the run once it satisfies `done`: checked now, then after every committed change to it. */
function runWhen(id: string, done: (run: ExecutionDoc) => boolean): Promise<ExecutionDoc> {
  return new Promise((resolve) => {
    const check = async () => {
      const run = await rawRun(id);
      if (run && done(run)) {
        off();
        resolve(run);
      }
    };
    const off = stack.store.onChange((changes) => {
      if (changes.some((c) => c.path === `executions/${id}`)) void check();
    });
    void check();
  });
}

async function runNow(agentId: string): Promise<string> {
  const res = await stack.api(user.idToken, 'POST', `/api/agents/${agentId}/run`);
  expect(res.status).toBe(202);
  return res.body.executionId as string;
}

const waitUntilRunning = (id: string) => runWhen(id, (run) => run.status === 'running');

/** One delivery of the run's task, as Cloud Tasks makes it. */
function deliver(run: ExecutionDoc, id: string, retryCount = 0) {
  return fetch(`${stack.url}/__local/functions/runAgent`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${stack.taskToken()}`,
      'X-CloudTasks-TaskName': id,
      'X-CloudTasks-TaskRetryCount': String(retryCount),
    },
    body: JSON.stringify({
      executionId: id,
      agentId: run.agentId,
      userId: run.userId,
      trigger: run.trigger,
      scheduledFor: run.scheduledFor,
    }),
  });
}

describe('a redelivery while the run is live', () => {
  test('is told to come back when the lease lapses, is retried by the queue, and ends as a no-op', async () => {
    const agent = await createAgent();
    stub.script({ ...textReply('done once'), delayMs: 1500 } as StubReply);
    const id = await runNow(agent.id);
    const running = await waitUntilRunning(id);

    const busy = await deliver(running, id);
    expect(busy.status).toBe(503);
    const wait = Number(busy.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(stack.config.run.leaseSeconds + 1);

    // The same through the queue: a duplicate of the task stays queued for a retry instead of being dropped.
    await stack.tasks.enqueue({
      name: `${id}-dup`,
      scheduleTime: stack.clock.now(),
      payload: {
        executionId: id,
        agentId: agent.id,
        userId: user.uid,
        trigger: 'manual',
        scheduledFor: running.scheduledFor,
      },
    });
    const queued = stack.tasks.pendingCount(); // the run's own task (being delivered) and the duplicate
    await stack.tasks.idle();
    const finished = await rawRun(id);
    expect(finished).toMatchObject({ status: 'success', attempt: 1, result: 'done once' });
    expect(stack.tasks.pendingCount()).toBe(queued - 1);

    stack.clock.advance((wait + 1) * 1000);
    await stack.tasks.idle();
    expect(stack.tasks.pendingCount()).toBe(queued - 2);
    const again = await deliver(running, id);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: 'noop' });
    expect(stub.requests).toHaveLength(1);
    expect(await rawRun(id)).toEqual(finished);
  });
});

describe('a run whose worker dies', () => {
  test('is taken over by its own task about a minute later, completes once, with one model call', async () => {
    const agent = await createAgent({
      schedule: { frequency: 'hourly', time: '00:45', timezone: 'UTC' },
      status: 'active',
    });
    const at = Date.parse(agent.nextRunAt as string);
    const id = scheduledExecutionId(agent.id, agent.nextRunAt as string);
    stack.clock.set(new Date(at - 1000));
    // A worker claims the run, then dies (kill -9): nothing renews its lease from now on.
    const claim = await claimExecution(adapters(), id);
    expect(claim.kind).toBe('claimed');
    const claimed = await rawRun(id);
    expect(Date.parse(claimed.leaseUntil as string) - Date.parse(claimed.startTime as string)).toBe(LEASE_MS());

    stack.clock.set(new Date(at + 1000));
    await stack.tasks.idle(); // the task arrives during the dead worker's lease
    expect(stub.requests).toHaveLength(0);
    expect((await rawRun(id)).status).toBe('running');

    // About a minute after the crash, and no sweep: the task's retry takes the run over.
    stack.clock.advance(LEASE_MS() + 2000);
    await stack.tasks.idle();
    expect(stack.clock.now().getTime() - (at - 1000)).toBeLessThan(LEASE_MS() + 10_000);
    expect(stub.requests).toHaveLength(1);
    const run = await rawRun(id);
    expect(run).toMatchObject({ status: 'success', attempt: 2, result: 'stub reply', requeues: 0 });
    expect(run.events.filter((e) => e.type === 'started').map((e) => e.message)).toEqual([
      'Run started.',
      'Run started again (attempt 2).',
    ]);
    const after = (await stack.api(user.idToken, 'GET', `/api/agents/${agent.id}`)).body;
    expect(after.runCount).toBe(1);
    await stack.api(user.idToken, 'DELETE', `/api/agents/${agent.id}`);
  });
});

describe('a long run', () => {
  test('keeps its lease while it works past the lease length, and is not taken over', async () => {
    const agent = await createAgent();
    // Long enough in real time for the clock to be moved past the lease twice while Claude "works".
    stub.script({ ...textReply('long answer'), delayMs: 6000 } as StubReply);
    const id = await runNow(agent.id);
    const started = await waitUntilRunning(id);
    // Past the first progress write ("Asking Claude…").
    await runWhen(id, (run) => run.events.some((e) => e.code === 'asking_model'));
    const writesBefore = stack.store.meter.writes;

    for (let i = 0; i < 3; i++) {
      stack.clock.advance(LEASE_MS() / 2); // 1.5 leases in all
      const now = stack.clock.now().getTime();
      // The heartbeat looks once a second and renews once a third of the lease has passed.
      const live = await runWhen(id, (run) => Date.parse(run.leaseUntil as string) > now);
      expect(live.leaseId).toBe(started.leaseId);
      expect(live.status).toBe('running');
      expect(live.staleAfter).toBe(live.leaseUntil);
    }
    // Renewals are a write each third of a lease, not one per check.
    expect(stack.store.meter.writes - writesBefore).toBeLessThanOrEqual(3);

    // Neither a redelivery nor the sweeper takes it over.
    const dup = await deliver(started, id);
    expect(dup.status).toBe(503);
    const tick = await fetch(`${stack.url}/__local/tick`, { method: 'POST' });
    expect(tick.status).toBe(200);

    await stack.tasks.idle();
    expect(stub.requests).toHaveLength(1);
    expect(await rawRun(id)).toMatchObject({ status: 'success', attempt: 1, requeues: 0, result: 'long answer' });
  });

  test('stops its model call and writes no outcome once another delivery has taken the run over', async () => {
    const agent = await createAgent();
    stub.script({ ...textReply('too late'), delayMs: 15_000 } as StubReply);
    const id = await runNow(agent.id);
    await waitUntilRunning(id);
    // Another delivery took the run over (this worker was unreachable past its lease).
    const takenUntil = new Date(stack.clock.now().getTime() + 10 * LEASE_MS()).toISOString();
    await stack.store.update(`executions/${id}`, {
      leaseId: 'another-delivery',
      leaseUntil: takenUntil,
      staleAfter: takenUntil,
    });
    const taken = await rawRun(id);
    const abortedBefore = stub.aborted;
    stack.clock.advance(LEASE_MS() / 2); // the next renewal finds the lease gone
    await stack.tasks.idle();
    // The delivery ended by hanging up on the model, not by waiting for its answer.
    await stub.untilAborted(abortedBefore + 1);
    expect(stub.requests).toHaveLength(1);
    expect(await rawRun(id)).toEqual(taken);
    await stack.store.delete(`executions/${id}`);
  });
});
