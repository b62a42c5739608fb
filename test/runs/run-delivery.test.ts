/**
 * What runAgent will not run: a task delivered long before its run is due
 * (told to come back then), one whose agent, user or trigger is not its
 * execution's, and any request that does not come through Cloud Run's front
 * with the task queue's token. Through the local stack and its fronts; the
 * model is a Messages-API stand-in.
 */

import { scheduledExecutionId } from '@agent-platform/functions/testing';
import { PUBSUB_PUSH } from '@agent-platform/local';
import { stack, stub, useRunStack, user } from './harness';

useRunStack({ deleteAgentsAfterEach: true });

async function scheduledAgent() {
  const res = await stack.api(user.idToken, 'POST', '/api/agents', {
    name: 'Daily digest',
    finalAgentPrompt: 'Summarise.',
    schedule: { frequency: 'daily', time: '08:00', timezone: 'UTC' },
    status: 'active',
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; nextRunAt: string };
}

function deliver(payload: Record<string, unknown>, token = stack.taskToken()) {
  return fetch(stack.functionUrl('runAgent'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'X-CloudTasks-TaskName': 't' },
    body: JSON.stringify(payload),
  });
}
const run = async (id: string) => (await stack.api(user.idToken, 'GET', `/api/executions/${id}`)).body;

/**
 * Runs `look` with the clock past the agent's run and the runs queue held, so the
 * run's own task (now due) is not delivered while the test's forged one is looked at.
 */
async function pastTheRunWithQueueHeld(agent: { nextRunAt: string }, look: () => Promise<void>) {
  await stack.tasks.stop();
  stack.clock.set(new Date(Date.parse(agent.nextRunAt) + 1000));
  try {
    await look();
  } finally {
    stack.tasks.start();
  }
}

test('a task delivered hours before its run is told to come back then, and nothing runs', async () => {
  const agent = await scheduledAgent();
  const id = scheduledExecutionId(agent.id, agent.nextRunAt);
  const early = await deliver({
    executionId: id,
    agentId: agent.id,
    userId: user.uid,
    trigger: 'schedule',
    scheduledFor: agent.nextRunAt,
  });
  expect(early.status).toBe(503);
  const wait = Number(early.headers.get('retry-after'));
  const due = (Date.parse(agent.nextRunAt) - stack.clock.now().getTime()) / 1000;
  expect(wait).toBeGreaterThan(due - 5);
  expect(wait).toBeLessThanOrEqual(Math.ceil(due) + 1);
  expect(stub.requests).toHaveLength(0);
  expect(await run(id)).toMatchObject({ status: 'queued', attempt: 0 });
});

test.each([
  [
    'another user',
    (a: { id: string }, uid: string) => ({ agentId: a.id, userId: `${uid}-other`, trigger: 'schedule' }),
  ],
  [
    'another agent',
    (_a: { id: string }, uid: string) => ({ agentId: 'someone-elses-agent', userId: uid, trigger: 'schedule' }),
  ],
  ['another trigger', (a: { id: string }, uid: string) => ({ agentId: a.id, userId: uid, trigger: 'manual' })],
])('a task naming %s than its execution is dropped, and the run is left alone', async (_name, fields) => {
  const agent = await scheduledAgent();
  const id = scheduledExecutionId(agent.id, agent.nextRunAt);
  await pastTheRunWithQueueHeld(agent, async () => {
    const res = await deliver({ executionId: id, scheduledFor: agent.nextRunAt, ...fields(agent, user.uid) });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { outcome: string }).outcome).toBe('noop');
    expect(stub.requests).toHaveLength(0);
    expect(await run(id)).toMatchObject({ status: 'queued', attempt: 0 });
  });
});

test.each([
  ['no token', () => undefined, 401],
  ['a guest’s ID token', () => 'guest', 401],
  [
    'the push account’s token for runAgent',
    () => stack.identity.tokenFor(PUBSUB_PUSH, stack.functionUrl('runAgent')),
    403,
  ],
  ['the task queue’s token for another worker', () => stack.taskToken('chatTurn'), 401],
])('runAgent refuses %s at Cloud Run’s front, and nothing runs', async (_name, token, status) => {
  const agent = await scheduledAgent();
  const id = scheduledExecutionId(agent.id, agent.nextRunAt);
  await pastTheRunWithQueueHeld(agent, async () => {
    const t = token();
    const res = await fetch(stack.functionUrl('runAgent'), {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(t ? { Authorization: `Bearer ${t === 'guest' ? user.idToken : t}` } : {}),
      },
      body: JSON.stringify({
        executionId: id,
        agentId: agent.id,
        userId: user.uid,
        trigger: 'schedule',
        scheduledFor: agent.nextRunAt,
      }),
    });
    expect(res.status).toBe(status);
    expect(stub.requests).toHaveLength(0);
    expect(await run(id)).toMatchObject({ status: 'queued', attempt: 0 });
  });
});
