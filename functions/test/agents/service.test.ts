/**
 * The agent service on the real local store: nextRunAt, hand-over to the run
 * queue, ownership, and that a refused request changes nothing.
 */

import { type AppError, InvalidArgumentError, NotFoundError } from '@agent-platform/core/errors';
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent } from '../../src/agents/service';
import { type AgentHarness, agentHarness } from './harness';

const weeklySeoul = { frequency: 'weekly', time: '08:00', daysOfWeek: [1], timezone: 'Asia/Seoul' };
const spec = { name: 'Weekly stock summary', finalAgentPrompt: 'Summarise the week.' };

let h: AgentHarness;
beforeEach(() => {
  // Sunday 2026-11-22 00:00Z = 09:00 KST Sunday; the next Monday 08:00 KST is 2026-11-22T23:00Z.
  h = agentHarness('2026-11-22T00:00:00.000Z');
});
afterEach(() => h.store.close());

const queuedRuns = () => h.store.count('executions');

describe('creating', () => {
  test('an active agent with a schedule gets its next run in its zone and a queued run', async () => {
    const agent = await createAgent(h.deps, 'alice', { ...spec, schedule: weeklySeoul, status: 'active' });
    expect(agent.nextRunAt).toBe('2026-11-22T23:00:00.000Z');
    expect(h.queue.tasks).toHaveLength(1);
    expect(h.queue.tasks[0]?.payload).toMatchObject({ agentId: agent.id, userId: 'alice', trigger: 'schedule' });
    expect(h.queue.tasks[0]?.scheduleTime.toISOString()).toBe('2026-11-22T23:00:00.000Z');
    expect(queuedRuns()).toBe(1);
  });

  test.each([
    ['a draft with a schedule', { ...spec, schedule: weeklySeoul }],
    ['an inactive agent with a schedule', { ...spec, schedule: weeklySeoul, status: 'inactive' }],
    ['an active agent without a schedule', { ...spec, status: 'active' }],
  ])('%s has no next run and queues nothing', async (_name, body) => {
    const agent = await createAgent(h.deps, 'alice', body);
    expect(agent.nextRunAt).toBeNull();
    expect(h.queue.tasks).toHaveLength(0);
    expect(queuedRuns()).toBe(0);
  });

  test('stores every field of the data model, owned by the caller, and answers without userId', async () => {
    const agent = await createAgent(h.deps, 'alice', spec);
    const stored = await h.store.get(`agents/${agent.id}`);
    expect(stored?.data).toEqual({
      userId: 'alice',
      name: spec.name,
      description: '',
      finalAgentPrompt: spec.finalAgentPrompt,
      tools: [],
      model: h.deps.config.models.defaultModel,
      schedule: null,
      status: 'draft',
      engine: 'messages',
      nextRunAt: null,
      unqueuedRunAt: null,
      lastRun: null,
      totalTokenUsage: { input: 0, output: 0 },
      costUsd: 0,
      runCount: 0,
      conversationId: null,
      deliveries: [],
      monthlyBudgetUsd: null,
      blockedBy: null,
      createdAt: '2026-11-22T00:00:00.000Z',
      updatedAt: '2026-11-22T00:00:00.000Z',
    });
    expect(agent).not.toHaveProperty('userId');
    expect(agent.id).toMatch(/^[A-Za-z0-9]{20}$/);
  });

  test('an agent whose run is more than 30 days away is saved without a task (the sweeper queues it later)', async () => {
    const agent = await createAgent(h.deps, 'alice', {
      ...spec,
      status: 'active',
      schedule: { frequency: 'cron', cron: '0 8 1 1 *', timezone: 'UTC' },
    });
    expect(agent.nextRunAt).toBe('2027-01-01T08:00:00.000Z');
    expect(h.queue.tasks).toHaveLength(0);
  });

  test('a failing task queue does not lose the agent: it is saved with its next run', async () => {
    h.queue.failWith = new Error('queue down');
    const agent = await createAgent(h.deps, 'alice', { ...spec, schedule: weeklySeoul, status: 'active' });
    expect((await getAgent(h.deps, 'alice', agent.id)).nextRunAt).toBe('2026-11-22T23:00:00.000Z');
  });

  test('a refused body writes nothing', async () => {
    const before = h.store.meter.writes;
    await expect(createAgent(h.deps, 'alice', { ...spec, tools: ['shell'] })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(h.store.meter.writes).toBe(before);
    expect(h.store.count('agents')).toBe(0);
  });

  test('the error names each bad field in its details', async () => {
    const err = (await createAgent(h.deps, 'alice', { name: '', extra: 1 }).catch((e) => e)) as AppError;
    expect(err.code).toBe('invalid_argument');
    expect(err.options.details?.map((d) => d.field).sort()).toEqual(['extra', 'finalAgentPrompt', 'name']);
    expect(err.message).toContain('name');
  });
});

describe('updating', () => {
  test('renaming keeps the next run and queues nothing new', async () => {
    const agent = await createAgent(h.deps, 'alice', { ...spec, schedule: weeklySeoul, status: 'active' });
    h.setNow('2026-11-22T10:00:00.000Z');
    const renamed = await updateAgent(h.deps, 'alice', agent.id, { name: 'Renamed' });
    expect(renamed.name).toBe('Renamed');
    expect(renamed.nextRunAt).toBe(agent.nextRunAt);
    expect(renamed.updatedAt).toBe('2026-11-22T10:00:00.000Z');
    expect(renamed.createdAt).toBe(agent.createdAt);
    expect(h.queue.tasks).toHaveLength(1);
  });

  test('pausing clears the next run and withdraws the queued run', async () => {
    const agent = await createAgent(h.deps, 'alice', { ...spec, schedule: weeklySeoul, status: 'active' });
    expect(queuedRuns()).toBe(1);
    const paused = await updateAgent(h.deps, 'alice', agent.id, { status: 'inactive' });
    expect(paused.nextRunAt).toBeNull();
    expect(queuedRuns()).toBe(0);
  });

  test('activating a draft computes its next run from now and queues it', async () => {
    const agent = await createAgent(h.deps, 'alice', { ...spec, schedule: weeklySeoul });
    h.setNow('2026-11-23T00:00:00.000Z'); // Monday 09:00 KST: this Monday's run has passed
    const active = await updateAgent(h.deps, 'alice', agent.id, { status: 'active' });
    expect(active.nextRunAt).toBe('2026-11-29T23:00:00.000Z');
    expect(h.queue.tasks.map((t) => t.scheduleTime.toISOString())).toEqual(['2026-11-29T23:00:00.000Z']);
  });

  test('a new schedule replaces the old one and moves the next run', async () => {
    const agent = await createAgent(h.deps, 'alice', { ...spec, schedule: weeklySeoul, status: 'active' });
    const moved = await updateAgent(h.deps, 'alice', agent.id, {
      schedule: { frequency: 'daily', time: '07:30', timezone: 'America/New_York' },
    });
    // Sun Nov 22 00:00Z = Sat 19:00 EST; next 07:30 EST = 12:30Z Sunday.
    expect(moved.schedule).toEqual({ frequency: 'daily', time: '07:30', timezone: 'America/New_York' });
    expect(moved.nextRunAt).toBe('2026-11-22T12:30:00.000Z');
    expect(queuedRuns()).toBe(1);
  });

  test('removing the schedule of an active agent leaves it on demand only', async () => {
    const agent = await createAgent(h.deps, 'alice', { ...spec, schedule: weeklySeoul, status: 'active' });
    const manual = await updateAgent(h.deps, 'alice', agent.id, { schedule: null });
    expect(manual.schedule).toBeNull();
    expect(manual.nextRunAt).toBeNull();
    expect(queuedRuns()).toBe(0);
  });

  test('a refused patch changes nothing', async () => {
    const agent = await createAgent(h.deps, 'alice', spec);
    const before = (await h.store.get(`agents/${agent.id}`))?.data;
    const writes = h.store.meter.writes;
    await expect(updateAgent(h.deps, 'alice', agent.id, { name: 'ok', status: 'paused' })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    expect((await h.store.get(`agents/${agent.id}`))?.data).toEqual(before);
    expect(h.store.meter.writes).toBe(writes);
  });
});

describe('ownership', () => {
  test("another user's agent is not found for read, change and delete, and stays as it was", async () => {
    const agent = await createAgent(h.deps, 'alice', { ...spec, schedule: weeklySeoul, status: 'active' });
    const before = (await h.store.get(`agents/${agent.id}`))?.data;
    await expect(getAgent(h.deps, 'mallory', agent.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateAgent(h.deps, 'mallory', agent.id, { name: 'mine' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteAgent(h.deps, 'mallory', agent.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await listAgents(h.deps, 'mallory')).toEqual([]);
    expect((await h.store.get(`agents/${agent.id}`))?.data).toEqual(before);
  });

  test.each(['a/b', '..', 'x'.repeat(129), 'a b'])('an id like %j is simply not found', async (id) => {
    await expect(getAgent(h.deps, 'alice', id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateAgent(h.deps, 'alice', id, { name: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteAgent(h.deps, 'alice', id)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('listing and deleting', () => {
  test('lists the caller’s agents newest first with one query and one read per agent', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      h.setNow(`2026-11-22T00:0${i}:00.000Z`);
      ids.push((await createAgent(h.deps, 'alice', { ...spec, name: `a${i}` })).id);
    }
    await createAgent(h.deps, 'bob', spec);
    h.store.queryShapes.clear();
    const reads = h.store.meter.reads;
    const agents = await listAgents(h.deps, 'alice');
    expect(agents.map((a) => a.id)).toEqual([...ids].reverse());
    expect(h.store.meter.reads - reads).toBe(5);
    expect([...h.store.queryShapes.values()]).toEqual([
      { collection: 'agents', where: [['userId', '==', 'alice']], orderBy: [['createdAt', 'desc']] },
    ]);
  });

  test('deleting removes the agent; reading it again is not found', async () => {
    const agent = await createAgent(h.deps, 'alice', spec);
    await deleteAgent(h.deps, 'alice', agent.id);
    await expect(getAgent(h.deps, 'alice', agent.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteAgent(h.deps, 'alice', agent.id)).rejects.toBeInstanceOf(NotFoundError);
  });
});
