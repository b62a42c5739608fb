/**
 * The one-off `unqueuedRunAt` backfill (runs/backfill-unqueued.ts) on the local
 * store: agents written as they were before the mark existed (no field at all)
 * get the mark `unqueuedMark` would write, unless their run is queued already;
 * it is idempotent, a dry run writes nothing, a concurrent save wins, and the
 * sweeper then finds a legacy agent whose queueing had failed.
 */
import type { AgentDoc } from '@agent-platform/core/agent';
import type { Store, Transaction } from '@agent-platform/core/ports';
import { backfillUnqueued } from '../../src/runs/backfill-unqueued';
import { enqueueScheduledRun } from '../../src/runs/enqueue';
import { scheduledExecutionId } from '../../src/runs/ids';
import { sweep } from '../../src/runs/sweeper';
import { type AgentHarness, agentHarness } from '../agents/harness';
import { NOW, storedAgent } from './stored-agent';

const SOON = '2026-11-23T09:00:00.000Z';

/** An agent as saved before `unqueuedRunAt` existed: the field is not there at all. */
function legacyAgent(nextRunAt: string | null, extra: Partial<AgentDoc> = {}): Record<string, unknown> {
  return storedAgent(nextRunAt, extra);
}

async function stored(h: AgentHarness, id: string): Promise<Record<string, unknown> | undefined> {
  return (await h.store.get(`agents/${id}`))?.data;
}

/** A legacy agent whose run was queued when it was saved (execution and task), before the mark existed. */
async function queuedLegacyAgent(h: AgentHarness, id: string, at: string): Promise<void> {
  await h.store.set(`agents/${id}`, legacyAgent(at));
  await enqueueScheduledRun(h.deps, { id, userId: 'u1', nextRunAt: at, status: 'active' });
}

describe('the unqueuedRunAt backfill', () => {
  test('gives each legacy agent the mark it should have, and leaves marked agents alone', async () => {
    const h = agentHarness(NOW);
    await h.store.set('agents/due', legacyAgent(SOON));
    await queuedLegacyAgent(h, 'queued', SOON);
    await h.store.set('agents/paused', legacyAgent(SOON, { status: 'inactive' }));
    await h.store.set('agents/draft', legacyAgent(null, { status: 'draft', schedule: null }));
    await h.store.set('agents/noNext', legacyAgent(null));
    await h.store.set('agents/new', { ...legacyAgent(SOON), unqueuedRunAt: SOON });

    const report = await backfillUnqueued(h.deps);

    expect(report).toEqual({ scanned: 6, marked: 1, alreadyQueued: 1, cleared: 3, skipped: 1 });
    expect(await stored(h, 'due')).toMatchObject({ nextRunAt: SOON, unqueuedRunAt: SOON });
    expect(await stored(h, 'queued')).toMatchObject({ nextRunAt: SOON, unqueuedRunAt: null });
    for (const id of ['paused', 'draft', 'noNext']) expect((await stored(h, id))?.unqueuedRunAt).toBeNull();
    expect(await stored(h, 'new')).toEqual({ ...legacyAgent(SOON), unqueuedRunAt: SOON });
  });

  test('an agent whose run is queued already is not queued twice by the sweeper', async () => {
    const h = agentHarness(NOW);
    await queuedLegacyAgent(h, 'a1', '2026-11-23T08:02:00.000Z');
    expect(h.queue.tasks).toHaveLength(1);
    const executionsBefore = h.store.count('executions');

    expect(await backfillUnqueued(h.deps)).toMatchObject({ alreadyQueued: 1, marked: 0 });

    expect(await sweep(h.deps)).toMatchObject({ due: 0, enqueued: 0 });
    expect(h.queue.tasks).toHaveLength(1);
    expect(h.store.count('executions')).toBe(executionsBefore);
  });

  test('a second run changes nothing', async () => {
    const h = agentHarness(NOW);
    await h.store.set('agents/due', legacyAgent(SOON));
    await queuedLegacyAgent(h, 'queued', SOON);
    await h.store.set('agents/paused', legacyAgent(SOON, { status: 'inactive' }));
    await backfillUnqueued(h.deps);
    const after = { due: await stored(h, 'due'), queued: await stored(h, 'queued'), paused: await stored(h, 'paused') };
    const writes = h.store.meter.writes;

    const again = await backfillUnqueued(h.deps);

    expect(again).toEqual({ scanned: 3, marked: 0, alreadyQueued: 0, cleared: 0, skipped: 3 });
    expect(h.store.meter.writes).toBe(writes);
    expect({
      due: await stored(h, 'due'),
      queued: await stored(h, 'queued'),
      paused: await stored(h, 'paused'),
    }).toEqual(after);
  });

  test('a dry run counts what it would do and writes nothing', async () => {
    const h = agentHarness(NOW);
    await h.store.set('agents/due', legacyAgent(SOON));
    await queuedLegacyAgent(h, 'queued', SOON);
    await h.store.set('agents/paused', legacyAgent(SOON, { status: 'inactive' }));
    const writes = h.store.meter.writes;

    const dry = await backfillUnqueued(h.deps, { dryRun: true });

    expect(dry).toEqual({ scanned: 3, marked: 1, alreadyQueued: 1, cleared: 1, skipped: 0 });
    expect(h.store.meter.writes).toBe(writes);
    for (const id of ['due', 'queued', 'paused']) expect(await stored(h, id)).not.toHaveProperty('unqueuedRunAt');
    // The real run then does what the dry run said.
    expect(await backfillUnqueued(h.deps)).toEqual(dry);
  });

  test('an agent saved while the backfill decides keeps the mark its save wrote', async () => {
    const h = agentHarness(NOW);
    await h.store.set('agents/a1', legacyAgent(SOON));
    const later = '2026-11-23T10:00:00.000Z';
    // Between the backfill's read of the agent in its transaction and its commit, a save
    // (a schedule change, as the agent service writes it) commits a new time and its mark.
    let saved = false;
    const racing: Store = Object.create(h.store);
    racing.runTransaction = (fn) =>
      h.store.runTransaction((tx) => {
        const inner: Transaction = Object.create(tx);
        inner.get = async (path) => {
          const found = await tx.get(path);
          if (path === 'agents/a1' && !saved) {
            saved = true;
            await h.store.update('agents/a1', { nextRunAt: later, unqueuedRunAt: later });
          }
          return found;
        };
        return fn(inner);
      });

    const report = await backfillUnqueued({ store: racing });

    expect(saved).toBe(true);
    expect(report).toMatchObject({ scanned: 1, marked: 0, skipped: 1 });
    expect(await stored(h, 'a1')).toMatchObject({ nextRunAt: later, unqueuedRunAt: later });
  });

  test('pages through every agent, also agents created at the same instant', async () => {
    const h = agentHarness(NOW);
    const ids = ['e', 'a', 'd', 'b', 'c', 'f', 'g'];
    for (const [i, id] of ids.entries())
      await h.store.set(`agents/${id}`, legacyAgent(SOON, { createdAt: i < 4 ? NOW : `2026-11-0${i}T00:00:00.000Z` }));
    const pages: number[] = [];

    const report = await backfillUnqueued(h.deps, { pageSize: 2, onPage: (r) => pages.push(r.scanned) });

    expect(report).toMatchObject({ scanned: 7, marked: 7 });
    expect(pages).toEqual([2, 4, 6, 7]);
    for (const id of ids) expect((await stored(h, id))?.unqueuedRunAt).toBe(SOON);
  });

  test('a document that is not an agent is left alone, and reported', async () => {
    const h = agentHarness(NOW);
    await h.store.set('agents/bad', { createdAt: NOW, status: 'active', nextRunAt: SOON });
    await h.store.set('agents/good', legacyAgent(SOON));
    const unreadable: string[] = [];

    const report = await backfillUnqueued(h.deps, { onUnreadable: (id) => unreadable.push(id) });

    expect(report).toMatchObject({ scanned: 2, marked: 1, skipped: 1 });
    expect(unreadable).toEqual(['bad']);
    expect(await stored(h, 'bad')).not.toHaveProperty('unqueuedRunAt');
  });
});

describe('after the backfill, the sweeper finds what it could not before', () => {
  test('a legacy agent whose queueing had failed is queued by the next tick', async () => {
    const h = agentHarness(NOW);
    const at = '2026-11-23T08:02:00.000Z';
    // Saved before the mark existed; queueing its run failed (no execution, no task).
    await h.store.set('agents/a1', legacyAgent(at));
    expect(await sweep(h.deps)).toMatchObject({ due: 0, enqueued: 0 });
    expect(h.queue.tasks).toHaveLength(0);

    expect(await backfillUnqueued(h.deps)).toMatchObject({ marked: 1 });

    expect(await sweep(h.deps)).toMatchObject({ due: 1, enqueued: 1 });
    expect(h.queue.tasks.map((t) => t.payload)).toEqual([
      expect.objectContaining({ agentId: 'a1', trigger: 'schedule', scheduledFor: at }),
    ]);
    expect(await h.store.get(`executions/${scheduledExecutionId('a1', at)}`)).not.toBeNull();
    expect((await stored(h, 'a1'))?.unqueuedRunAt).toBeNull();
  });

  test('a legacy agent stuck behind a run that finished is marked, and the sweeper moves it on', async () => {
    const h = agentHarness(NOW);
    const at = '2026-11-23T07:00:00.000Z';
    await queuedLegacyAgent(h, 'a1', at);
    // The run finished but the agent never moved on (a crash between the two, in an older version).
    await h.store.update(`executions/${scheduledExecutionId('a1', at)}`, { status: 'success' });

    expect(await backfillUnqueued(h.deps)).toMatchObject({ marked: 1, alreadyQueued: 0 });
    await sweep(h.deps);

    // On to the schedule's next time from now (08:00), queued, its mark cleared.
    expect(await stored(h, 'a1')).toMatchObject({ nextRunAt: NOW, unqueuedRunAt: null });
    expect(h.queue.tasks.map((t) => t.payload.scheduledFor)).toEqual([at, NOW]);
  });
});
