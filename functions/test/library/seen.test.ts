/** The dashboard's "new" marker: a finished run is new until its owner has seen it; the record stays small. */

import type { AppError } from '@agent-platform/core/errors';
import { isNewResult, SEEN_KEPT, withSeen } from '@agent-platform/core/runs';
import { createAgent } from '../../src/agents/service';
import { markAllResultsSeen, markRunSeen } from '../../src/runs/seen';
import { newExecution } from '../../src/store/executions';
import { resultViews } from '../../src/store/result-views';
import { type AgentHarness, agentHarness } from '../agents/harness';

let h: AgentHarness;
beforeEach(() => {
  h = agentHarness('2026-11-22T00:00:00.000Z');
});
afterEach(() => h.store.close());

async function run(id: string, status: 'success' | 'queued', endTime: string | null) {
  const agent = await createAgent(h.deps, 'alice', { name: 'N', finalAgentPrompt: 'x' });
  const at = new Date('2026-11-21T00:00:00.000Z');
  const doc = newExecution({
    userId: 'alice',
    agentId: agent.id,
    trigger: 'manual',
    scheduledFor: at,
    model: null,
    now: at,
    staleAfter: at,
  });
  await h.store.create(`executions/${id}`, { ...doc, status, endTime });
  return { id, status, endTime };
}

test('a result is new until it is seen, and stays seen', async () => {
  const r1 = await run('r1', 'success', '2026-11-21T10:00:00.000Z');
  const r2 = await run('r2', 'success', '2026-11-21T11:00:00.000Z');
  expect([isNewResult(r1, null), isNewResult(r2, null)]).toEqual([true, true]);
  await markRunSeen(h.deps, 'alice', 'r1');
  await markRunSeen(h.deps, 'alice', 'r1');
  const views = (await resultViews.get(h.store, 'alice'))?.data;
  expect([isNewResult(r1, views), isNewResult(r2, views)]).toEqual([false, true]);
  expect(views?.seen).toEqual([{ id: 'r1', endTime: r1.endTime }]);
});

test('"mark all as seen" covers every result that has ended, not later ones', async () => {
  const r1 = await run('r1', 'success', '2026-11-21T10:00:00.000Z');
  await markAllResultsSeen(h.deps, 'alice');
  const views = (await resultViews.get(h.store, 'alice'))?.data;
  expect(isNewResult(r1, views)).toBe(false);
  expect(isNewResult({ id: 'later', status: 'success', endTime: '2026-11-22T00:00:01.000Z' }, views)).toBe(true);
});

test("a run still going, or someone else's, cannot be marked", async () => {
  await run('going', 'queued', null);
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: AppError) => e.code,
    );
  expect(await code(markRunSeen(h.deps, 'alice', 'going'))).toBe('conflict');
  await run('mine', 'success', '2026-11-21T10:00:00.000Z');
  expect(await code(markRunSeen(h.deps, 'bob', 'mine'))).toBe('not_found');
  expect(await resultViews.get(h.store, 'bob')).toBeNull();
});

test('the record keeps a bounded list and what falls off it stays seen', () => {
  let views = { since: null as string | null, seen: [] as { id: string; endTime: string }[] };
  const end = (i: number) => new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
  for (let i = 0; i < SEEN_KEPT + 30; i++) views = withSeen(views, { id: `r${i}`, endTime: end(i) });
  expect(views.seen.length).toBeLessThanOrEqual(SEEN_KEPT);
  for (let i = 0; i < SEEN_KEPT + 30; i++) {
    expect([i, isNewResult({ id: `r${i}`, status: 'success', endTime: end(i) }, views)]).toEqual([i, false]);
  }
  // An older result never seen but ending before what was cut counts as seen; a later unseen one is new.
  expect(isNewResult({ id: 'x', status: 'failed', endTime: end(SEEN_KEPT + 40) }, views)).toBe(true);
});
