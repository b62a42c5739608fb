/**
 * The sweeper and the run state machine on the local store, in process: what
 * tick reads as agents grow, stale runs that are requeued or given up, and the
 * missed-times arithmetic.
 */
import type { AgentDoc } from '@agent-platform/core/agent';
import { latestMissed } from '@agent-platform/core/schedule';
import { claimExecution } from '../../src/runs/claim';
import { enqueueScheduledRun, enqueueTestRun } from '../../src/runs/enqueue';
import { scheduledExecutionId } from '../../src/runs/ids';
import { sweep } from '../../src/runs/sweeper';
import { agentHarness } from '../agents/harness';
import { hourly, NOW, storedAgent } from './stored-agent';

/** As the agent service writes it: the run has no execution yet. */
function agent(nextRunAt: string, extra: Partial<AgentDoc> = {}): Record<string, unknown> {
  return storedAgent(nextRunAt, { unqueuedRunAt: nextRunAt, ...extra });
}

describe('tick cost', () => {
  test.each([
    ['1,000 agents', 1_000],
    ['5,000 agents', 5_000],
  ])('with %s of which 10 are newly due, tick reads the 10, then nothing more', async (_name, total) => {
    const h = agentHarness(NOW);
    for (let i = 0; i < total; i++) {
      const next =
        i < 10 ? '2026-11-23T08:02:00.000Z' : `2026-12-${String(1 + (i % 20)).padStart(2, '0')}T09:00:00.000Z`;
      // The later ones were queued when saved: their mark is gone.
      await h.store.set(`agents/a${i}`, agent(next, i < 10 ? {} : { unqueuedRunAt: null }));
    }
    const before = h.store.meter.reads;
    const report = await sweep(h.deps);
    expect(report.enqueued).toBe(10);
    expect(h.queue.tasks).toHaveLength(10);
    // 1 query returning the 10 marked agents (one read each) + the stale query (at least 1 read).
    expect(h.store.meter.reads - before).toBe(11);
    const steady = h.store.meter.reads;
    expect((await sweep(h.deps)).enqueued).toBe(0);
    // Two empty queries: the marked agents and the stale runs.
    expect(h.store.meter.reads - steady).toBe(2);
    h.store.close();
  });

  test('a run queued when its agent was saved costs the tick nothing', async () => {
    const h = agentHarness(NOW);
    await h.store.set('agents/a1', agent('2026-11-23T08:03:00.000Z'));
    await enqueueScheduledRun(h.deps, {
      id: 'a1',
      userId: 'u1',
      nextRunAt: '2026-11-23T08:03:00.000Z',
      status: 'active',
    });
    expect((await h.store.get<AgentDoc>('agents/a1'))?.data.unqueuedRunAt).toBeNull();
    const before = h.store.meter.reads;
    expect(await sweep(h.deps)).toMatchObject({ due: 0, enqueued: 0 });
    expect(h.store.meter.reads - before).toBe(2);
    expect(h.queue.tasks).toHaveLength(1);
  });
});

describe('agents whose run has no task yet', () => {
  test("a run beyond the task queue's 30 days waits with its mark and is queued once near", async () => {
    const h = agentHarness(NOW);
    const far = '2027-01-10T09:00:00.000Z';
    await h.store.set('agents/a1', agent(far));
    await enqueueScheduledRun(h.deps, { id: 'a1', userId: 'u1', nextRunAt: far, status: 'active' });
    expect(h.queue.tasks).toHaveLength(0);
    expect((await sweep(h.deps)).enqueued).toBe(0);
    h.setNow('2027-01-10T08:57:00.000Z');
    expect((await sweep(h.deps)).enqueued).toBe(1);
    expect(h.queue.tasks.map((t) => t.payload.scheduledFor)).toEqual([far]);
    expect((await h.store.get<AgentDoc>('agents/a1'))?.data.unqueuedRunAt).toBeNull();
  });

  test('a mark whose run has its execution already is cleared, and its lost task queued again', async () => {
    const h = agentHarness(NOW);
    const at = '2026-11-23T08:02:00.000Z';
    await h.store.set('agents/a1', agent(at));
    await h.store.set('agents/a2', agent(at));
    await enqueueScheduledRun(h.deps, { id: 'a1', userId: 'u1', nextRunAt: at, status: 'active' });
    // As if that enqueue had stopped after the execution, before the mark and the task.
    await h.store.update('agents/a1', { unqueuedRunAt: at });
    h.queue.tasks.length = 0;
    const report = await sweep(h.deps);
    expect(report.enqueued).toBe(2);
    expect(h.queue.tasks.map((t) => t.payload.agentId).sort()).toEqual(['a1', 'a2']);
    for (const id of ['a1', 'a2']) expect((await h.store.get<AgentDoc>(`agents/${id}`))?.data.unqueuedRunAt).toBeNull();
    const before = h.store.meter.reads;
    expect((await sweep(h.deps)).enqueued).toBe(0);
    expect(h.store.meter.reads - before).toBe(2);
  });

  test('after the platform was down, a marked agent runs once, for the latest time', async () => {
    const h = agentHarness('2026-11-23T11:10:00.000Z');
    await h.store.set('agents/a1', agent('2026-11-23T08:00:00.000Z'));
    const report = await sweep(h.deps);
    expect(report).toMatchObject({ enqueued: 1, caughtUp: 1 });
    expect(h.queue.tasks[0]?.payload.scheduledFor).toBe('2026-11-23T11:00:00.000Z');
    const run = await h.store.get<{ skippedRuns: number }>(
      `executions/${scheduledExecutionId('a1', '2026-11-23T11:00:00.000Z')}`,
    );
    expect(run?.data.skippedRuns).toBe(3);
    expect((await h.store.get<AgentDoc>('agents/a1'))?.data).toMatchObject({
      nextRunAt: '2026-11-23T11:00:00.000Z',
      unqueuedRunAt: null,
    });
  });

  test('a mark on an agent with nothing to run is dropped, and runs nothing', async () => {
    const h = agentHarness(NOW);
    await h.store.set('agents/a1', agent('2026-11-23T08:02:00.000Z', { status: 'inactive' }));
    expect((await sweep(h.deps)).enqueued).toBe(0);
    expect(h.queue.tasks).toHaveLength(0);
    expect((await h.store.get<AgentDoc>('agents/a1'))?.data.unqueuedRunAt).toBeNull();
  });
});

describe('runs never stay stuck', () => {
  test('a queued run whose task was lost is queued again under a fresh task name', async () => {
    const h = agentHarness(NOW);
    await h.store.set('agents/a1', agent('2026-11-23T09:00:00.000Z'));
    await enqueueScheduledRun(h.deps, {
      id: 'a1',
      userId: 'u1',
      nextRunAt: '2026-11-23T09:00:00.000Z',
      status: 'active',
    });
    expect(h.queue.tasks).toHaveLength(1);
    h.setNow('2026-11-23T09:20:00.000Z'); // past the queue grace, before the next hour
    const report = await sweep(h.deps);
    expect(report.requeued).toBe(1);
    expect(h.queue.tasks.map((t) => t.name)).toEqual([
      scheduledExecutionId('a1', '2026-11-23T09:00:00.000Z'),
      `${scheduledExecutionId('a1', '2026-11-23T09:00:00.000Z')}-r1`,
    ]);
    expect((await sweep(h.deps)).requeued).toBe(0);
  });

  test('a run that keeps losing its worker is failed after its attempts, and the schedule goes on', async () => {
    const h = agentHarness(NOW);
    h.deps.config.queue.retryConfig.maxAttempts = 2;
    await h.store.set('agents/a1', agent('2026-11-23T08:00:00.000Z'));
    await enqueueScheduledRun(h.deps, {
      id: 'a1',
      userId: 'u1',
      nextRunAt: '2026-11-23T08:00:00.000Z',
      status: 'active',
    });
    const id = scheduledExecutionId('a1', '2026-11-23T08:00:00.000Z');
    const lease = h.deps.config.run.leaseSeconds * 1000;
    for (let i = 1; i <= 2; i++) {
      expect((await claimExecution(h.deps, id)).kind).toBe('claimed'); // ...and the worker dies
      h.setNow(new Date(Date.parse(NOW) + i * (lease + 1000)).toISOString());
    }
    await sweep(h.deps);
    const run = await h.store.get<{ status: string; error: string; attempt: number }>(`executions/${id}`);
    expect(run?.data).toMatchObject({ status: 'failed', attempt: 2 });
    expect(run?.data.error).toMatch(/did not finish after 2 attempts/);
    const after = await h.store.get<AgentDoc>('agents/a1');
    expect(after?.data).toMatchObject({
      status: 'active',
      runCount: 1,
      lastRun: { executionId: id, status: 'failed' },
    });
    expect(Date.parse(after?.data.nextRunAt as string)).toBeGreaterThan(Date.parse(h.deps.now().toISOString()));
    expect(h.queue.tasks.at(-1)?.payload.scheduledFor).toBe(after?.data.nextRunAt);
  });

  test('a test run over budget is refused before it is queued', async () => {
    const h = agentHarness(NOW);
    await h.store.set('users/u1', {
      userId: 'u1',
      usage: { '2026-11': { input: 10, output: 0, costUsd: 4.99 } },
      budgetUsd: 5,
    });
    await expect(
      enqueueTestRun(h.deps, {
        userId: 'u1',
        conversationId: 'c1',
        draft: { name: 'D', finalAgentPrompt: 'P', tools: [], model: 'claude-sonnet-5-5' },
      }),
    ).rejects.toMatchObject({ code: 'resource_exhausted' });
    expect(h.queue.tasks).toHaveLength(0);
  });
});

describe('missed scheduled times', () => {
  test.each([
    ['none missed yet', '2026-11-23T08:30:00.000Z', '2026-11-23T08:00:00.000Z', 0],
    ['three hours down', '2026-11-23T11:10:00.000Z', '2026-11-23T11:00:00.000Z', 3],
    ['exactly at the next time', '2026-11-23T09:00:00.000Z', '2026-11-23T09:00:00.000Z', 1],
  ])('%s', (_name, now, latest, skipped) => {
    const result = latestMissed(hourly, new Date('2026-11-23T08:00:00.000Z'), new Date(now));
    expect(result.latest.toISOString()).toBe(latest);
    expect(result.skipped).toBe(skipped);
  });
});
