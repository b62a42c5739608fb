/**
 * A worker that stops after a run's outcome committed and before it queued the
 * run's deliveries leaves them pending with no task. Cloud Tasks then delivers
 * the run's task again (it got no answer), and that delivery queues them. On the
 * local store with a Messages-API stand-in, in process; the queue records its tasks.
 */
import type { AgentDoc, Delivery } from '@agent-platform/core/agent';
import type { DeliverTaskPayload, RunTask, RunTaskPayload, Task } from '@agent-platform/core/ports';
import type { ExecutionDoc } from '@agent-platform/core/runs';
import { type MessagesStub, startMessagesStub } from '../../../test/support/messages-stub';
import { deliveryTaskName } from '../../src/deliveries/plan';
import { enqueueManualRun } from '../../src/runs/enqueue';
import { runTask } from '../../src/runs/worker';
import { type AgentHarness, agentHarness } from '../agents/harness';
import { NOW, storedAgent } from './stored-agent';

const hook: Delivery = { type: 'webhook', url: 'https://hooks.example.com/a', format: 'json', on: ['success'] };
const mail: Delivery = { type: 'email', to: 'me@example.com', on: ['success', 'failure'] };

let stub: MessagesStub;
beforeAll(async () => {
  stub = await startMessagesStub();
});
afterAll(() => stub.stop());

function harness(): AgentHarness {
  const h = agentHarness(NOW);
  h.deps.model = { apiKey: 'stub-key', baseURL: stub.url, offline: false };
  return h;
}

// The recording queue types what it keeps as run tasks; it keeps every task it is given.
const deliverTasks = (h: AgentHarness) => (h.queue.tasks as readonly Task[]).filter((t) => t.target === 'deliver');
const deliveryOf = (t: Task) => (t.payload as DeliverTaskPayload).delivery;

/** Runs the agent now to its end, then forgets its deliver tasks: the worker stopped before queueing them. */
async function runThenStopBeforeDeliveries(h: AgentHarness, deliveries: Delivery[]) {
  await h.store.set('agents/a1', storedAgent(null, { schedule: null, deliveries }));
  const { executionId } = await enqueueManualRun(h.deps, { userId: 'u1', agentId: 'a1', model: 'claude-sonnet-5-5' });
  const runTaskOf = h.queue.tasks.find((t) => t.target === 'runAgent') as RunTask;
  const payload = runTaskOf.payload as RunTaskPayload;
  expect(await runTask(h.deps, payload)).toMatchObject({ outcome: 'success' });
  expect(deliverTasks(h)).toHaveLength(deliveries.length);
  h.queue.tasks.splice(0, h.queue.tasks.length);
  return { executionId, payload };
}

const stored = async (h: AgentHarness, id: string) => (await h.store.get<ExecutionDoc>(`executions/${id}`))?.data;

beforeEach(() => {
  stub.requests.length = 0;
});

test("the run's task, delivered again, queues the deliveries its worker never queued; a third delivery adds none", async () => {
  const h = harness();
  const { executionId, payload } = await runThenStopBeforeDeliveries(h, [hook, mail]);
  expect((await stored(h, executionId))?.deliveries.map((d) => d.status)).toEqual(['pending', 'pending']);

  expect(await runTask(h.deps, payload, { retryCount: 1 })).toMatchObject({ outcome: 'noop' });
  const queued = deliverTasks(h);
  expect(queued.map((t) => t.name)).toEqual([deliveryTaskName(executionId, 0), deliveryTaskName(executionId, 1)]);
  expect(queued.map(deliveryOf)).toEqual([hook, mail]);
  // The task carries the agent's name, so sending needs no read of the agent.
  expect(queued.map((t) => (t.payload as DeliverTaskPayload).agentName)).toEqual(['A', 'A']);
  // The run itself is not run again.
  expect(stub.requests).toHaveLength(1);
  expect((await stored(h, executionId))?.status).toBe('success');

  await runTask(h.deps, payload, { retryCount: 2 });
  expect(deliverTasks(h)).toHaveLength(2);
  h.store.close();
});

test('a delivery the agent no longer has at that place is not sent an older result', async () => {
  const h = harness();
  const { payload } = await runThenStopBeforeDeliveries(h, [hook, mail]);
  // Edited since: the webhook now points elsewhere; the e-mail is unchanged.
  const moved = { ...hook, url: 'https://other.example.com/b' };
  await h.store.update('agents/a1', { deliveries: [moved, mail] } satisfies Partial<AgentDoc>);

  await runTask(h.deps, payload, { retryCount: 1 });
  expect(deliverTasks(h).map(deliveryOf)).toEqual([mail]);
  h.store.close();
});

test('a delivery already tried is left to its own task', async () => {
  const h = harness();
  const { executionId, payload } = await runThenStopBeforeDeliveries(h, [hook]);
  const exec = (await stored(h, executionId)) as ExecutionDoc;
  await h.store.update(`executions/${executionId}`, {
    deliveries: [{ ...exec.deliveries[0], attempts: 1, lastError: 'HTTP 503' }],
  });

  await runTask(h.deps, payload, { retryCount: 1 });
  expect(deliverTasks(h)).toEqual([]);
  h.store.close();
});
