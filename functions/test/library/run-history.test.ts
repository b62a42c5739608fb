/**
 * The run history in pages and its search, on the real local store: every run
 * once and in order across pages (runs of the same instant included), a cursor
 * checked strictly, and a search that reaches runs beyond the first page while
 * reading a bounded number of runs per request.
 */
import type { AppError } from '@agent-platform/core/errors';
import { createAgent } from '../../src/agents/service';
import { decodeCursor, encodeCursor, listRunPage, SEARCH_SCAN_MAX } from '../../src/runs/history';
import { newExecution } from '../../src/store/executions';
import { type AgentHarness, agentHarness } from '../agents/harness';

let h: AgentHarness;
let agentId: string;
beforeEach(async () => {
  h = agentHarness('2026-11-22T00:00:00.000Z');
  agentId = (await createAgent(h.deps, 'alice', { name: 'News', finalAgentPrompt: 'x' })).id;
});
afterEach(() => h.store.close());

/** Stores finished runs: one per minute going back, `result(i)` as each one's result. */
async function addRuns(count: number, result: (i: number) => string, opts: { sameInstant?: number } = {}) {
  for (let i = 0; i < count; i++) {
    const at = new Date(Date.parse('2026-11-21T00:00:00.000Z') - i * 60_000);
    const doc = newExecution({
      userId: 'alice',
      agentId,
      trigger: 'manual',
      // The first `sameInstant` runs share one instant, as manual runs of the same millisecond would.
      scheduledFor: i < (opts.sameInstant ?? 0) ? new Date('2026-11-21T00:00:00.000Z') : at,
      model: null,
      now: at,
      staleAfter: at,
    });
    await h.store.create(`executions/run-${String(i).padStart(4, '0')}`, {
      ...doc,
      status: 'success',
      endTime: at.toISOString(),
      staleAfter: null,
      result: result(i),
    });
  }
}

async function everyPage(limit: number, q: string | null = null) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const page = await listRunPage(h.deps, 'alice', agentId, { limit, cursor, q });
    pages.push(page.executions.map((e) => e.id));
    cursor = page.nextCursor;
  } while (cursor && pages.length < 100);
  return pages;
}

test('pages hand out every run once, newest first, runs of the same instant included', async () => {
  await addRuns(45, (i) => `result ${i}`, { sameInstant: 7 });
  const pages = await everyPage(10);
  expect(pages.map((p) => p.length)).toEqual([10, 10, 10, 10, 5]);
  const ids = pages.flat();
  expect(new Set(ids).size).toBe(45);
  // Same instant: ids descending (Firestore's order on the document name follows the orderBy's direction).
  expect(ids.slice(0, 7)).toEqual(['run-0006', 'run-0005', 'run-0004', 'run-0003', 'run-0002', 'run-0001', 'run-0000']);
  expect(ids.slice(7)).toEqual([...Array(38)].map((_, k) => `run-${String(k + 7).padStart(4, '0')}`));
});

test('the last page says there is nothing older', async () => {
  await addRuns(3, () => 'r');
  const page = await listRunPage(h.deps, 'alice', agentId, { limit: 3, cursor: null, q: null });
  expect(page.executions).toHaveLength(3);
  expect(page.nextCursor).toBeNull();
});

test.each([
  ['not base64', '%%%'],
  ['not JSON', Buffer.from('hello').toString('base64url')],
  [
    'another version',
    Buffer.from(JSON.stringify({ v: 2, a: 'x', s: '2026-11-21T00:00:00.000Z', i: 'a' })).toString('base64url'),
  ],
  ['a bad instant', Buffer.from(JSON.stringify({ v: 1, a: 'AGENT', s: 'yesterday', i: 'a' })).toString('base64url')],
  [
    'a bad id',
    Buffer.from(JSON.stringify({ v: 1, a: 'AGENT', s: '2026-11-21T00:00:00.000Z', i: '../x' })).toString('base64url'),
  ],
])('a cursor that is %s is a 400 naming cursor', async (_name, raw) => {
  const cursor = raw.replace(/QUdFTlQ/g, Buffer.from(agentId).toString('base64url'));
  const err = (await listRunPage(h.deps, 'alice', agentId, { limit: 5, cursor, q: null }).catch((e) => e)) as AppError;
  expect(err.code).toBe('invalid_argument');
  expect(err.options.details?.[0]?.field).toBe('cursor');
});

test("another agent's cursor — another user's included — is refused", async () => {
  const bobs = await createAgent(h.deps, 'bob', { name: 'Bob', finalAgentPrompt: 'x' });
  const cursor = encodeCursor(bobs.id, { scheduledFor: '2026-11-21T00:00:00.000Z', id: 'run-0001' });
  await expect(listRunPage(h.deps, 'alice', agentId, { limit: 5, cursor, q: null })).rejects.toMatchObject({
    code: 'invalid_argument',
  });
  // And Bob cannot page Alice's agent at all.
  await expect(listRunPage(h.deps, 'bob', agentId, { limit: 5, cursor: null, q: null })).rejects.toMatchObject({
    code: 'not_found',
  });
  expect(decodeCursor(encodeCursor(agentId, { scheduledFor: '2026-11-21T00:00:00.000Z', id: 'a1' }), agentId)).toEqual({
    scheduledFor: '2026-11-21T00:00:00.000Z',
    id: 'a1',
  });
});

test('search finds runs by words of their result or error, in any case, Korean included, beyond the first page', async () => {
  await addRuns(60, (i) => (i % 20 === 13 ? `## 오늘의 뉴스\nKOSPI rose ${i}` : `nothing ${i}`));
  const found = (await everyPage(2, 'kospi 뉴스')).flat();
  expect(found).toEqual(['run-0013', 'run-0033', 'run-0053']);
});

test('one search request reads a bounded number of runs and continues from where it stopped', async () => {
  await addRuns(SEARCH_SCAN_MAX + 50, (i) => (i === SEARCH_SCAN_MAX + 10 ? 'the needle' : 'hay'));
  const first = await listRunPage(h.deps, 'alice', agentId, { limit: 5, cursor: null, q: 'needle' });
  expect(first.executions).toEqual([]);
  expect(first.nextCursor).not.toBeNull();
  const second = await listRunPage(h.deps, 'alice', agentId, { limit: 5, cursor: first.nextCursor, q: 'needle' });
  expect(second.executions.map((e) => e.id)).toEqual([`run-0${SEARCH_SCAN_MAX + 10}`]);
  expect(second.nextCursor).toBeNull();
});

test.each([
  ['empty', '   '],
  ['too long', 'x'.repeat(201)],
])('a search text that is %s is a 400 naming q', async (_name, q) => {
  await expect(listRunPage(h.deps, 'alice', agentId, { limit: 5, cursor: null, q })).rejects.toMatchObject({
    code: 'invalid_argument',
    options: { details: [{ field: 'q' }] },
  });
});
