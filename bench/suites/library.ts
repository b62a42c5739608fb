/**
 * The library's Firestore cost, counted by the local store's meter (billed as
 * Firestore bills: a query costs one read per document returned, at least one):
 * a page deep in a long run history against offset paging (Firestore bills the
 * documents an offset skips), a search request against reading the whole
 * history, and what keeping versions adds to a save.
 */
import { loadConfig } from '@agent-platform/functions/host';
import { createAgent, listRunPage, noAppCheck, updateAgent } from '@agent-platform/functions/testing';
import { SqliteStore } from '@agent-platform/local/sqlite-store';
import { progress } from '../lib/progress';
import { ratio } from '../lib/stats';
import type { BenchSection, BenchSuite } from '../lib/types';

const RUNS = 1_000;
const PAGE = 20;
const DEEP_PAGE = 10;

export const run: BenchSuite = async () => {
  const store = new SqliteStore(':memory:');
  const deps = {
    config: loadConfig({ PLATFORM_ENV: 'test' }),
    store,
    tasks: { enqueue: async () => 'created' as const },
    auth: { verifyIdToken: async (token: string) => ({ uid: token, provider: 'bench' }) },
    appCheck: noAppCheck,
    model: { apiKey: 'unused', baseURL: undefined, offline: true },
    now: () => new Date('2026-11-22T00:00:00.000Z'),
  };
  const reads = async (fn: () => Promise<unknown>) => {
    const before = { ...store.meter };
    await fn();
    return { reads: store.meter.reads - before.reads, writes: store.meter.writes - before.writes };
  };
  try {
    progress('library', `${RUNS} runs`);
    const agent = await createAgent(deps, 'alice', { name: 'News', finalAgentPrompt: 'Summarise.' });
    for (let i = 0; i < RUNS; i++) {
      const at = new Date(Date.parse('2026-11-21T00:00:00.000Z') - i * 60_000).toISOString();
      await store.create(`executions/run-${i}`, {
        userId: 'alice',
        agentId: agent.id,
        trigger: 'manual',
        scheduledFor: at,
        endTime: at,
        status: 'success',
        result: i === RUNS - 1 ? 'the needle' : 'hay',
        createdAt: at,
      });
    }

    // Page DEEP_PAGE through the cursor.
    let cursor: string | null = null;
    let deep = { reads: 0, writes: 0 };
    for (let page = 1; page <= DEEP_PAGE; page++) {
      const current = cursor;
      let next: string | null = null;
      const cost = await reads(async () => {
        next = (await listRunPage(deps, 'alice', agent.id, { limit: PAGE, cursor: current, q: null })).nextCursor;
      });
      if (page === DEEP_PAGE) deep = cost;
      cursor = next;
    }
    // Offset paging bills the skipped documents too ("Avoid using offsets", https://cloud.google.com/firestore/docs/best-practices).
    // The same request by offset: the agent, the skipped runs, the page and one more.
    const offsetReads = 1 + (DEEP_PAGE - 1) * PAGE + PAGE + 1;

    progress('library', 'search');
    const search = await reads(() => listRunPage(deps, 'alice', agent.id, { limit: PAGE, cursor: null, q: 'needle' }));
    const wholeHistory = RUNS;

    progress('library', 'versions');
    const withVersion = await reads(() => updateAgent(deps, 'alice', agent.id, { finalAgentPrompt: 'Changed.' }));
    const withoutVersion = await reads(() => updateAgent(deps, 'alice', agent.id, { status: 'inactive' }));

    const sections: BenchSection[] = [
      {
        id: 'library-run-history',
        title: `Run history of ${RUNS} runs: a deep page and a search`,
        method: `Reads billed for page ${DEEP_PAGE} of ${PAGE} runs through the opaque cursor (GET /api/agents/{id}/executions), against offset paging, which Firestore bills for every skipped document; and for one search request (q), against reading the agent's whole history in one request. Local SQLite store, its meter counting as Firestore bills.`,
        rows: [
          {
            label: `page ${DEEP_PAGE} by cursor: billed reads`,
            value: deep.reads,
            unit: 'reads',
            ratio: ratio(deep.reads, offsetReads),
            baseline: `offset paging (${offsetReads} reads)`,
          },
          { label: `baseline: page ${DEEP_PAGE} by offset`, value: offsetReads, unit: 'reads' },
          {
            label: 'one search request (match in the oldest run): billed reads',
            value: search.reads,
            unit: 'reads',
            ratio: ratio(search.reads, wholeHistory),
            baseline: `reading all ${RUNS} runs`,
          },
          { label: 'baseline: the whole history', value: wholeHistory, unit: 'reads' },
        ],
        notes: [
          'A cursor page costs the page plus one (to know whether an older page exists), the agent, and one read for the query of runs sharing the boundary instant (an empty query still bills one read).',
          'A search request reads at most 200 runs; past that it answers with a cursor to continue, so its cost is bounded whatever the history.',
        ],
      },
      {
        id: 'library-versions',
        title: 'What keeping versions adds to a save',
        method:
          'PATCH of the prompt (keeps a version) against PATCH of the status only (keeps none), on the same agent, counted by the store meter.',
        rows: [
          {
            label: 'save that changes the prompt: writes',
            value: withVersion.writes,
            unit: 'writes',
            ratio: ratio(withVersion.writes, withoutVersion.writes),
            baseline: 'a save that keeps no version',
          },
          { label: 'save that changes the prompt: reads', value: withVersion.reads, unit: 'reads' },
          { label: 'baseline: status-only save, writes', value: withoutVersion.writes, unit: 'writes' },
          { label: 'baseline: status-only save, reads', value: withoutVersion.reads, unit: 'reads' },
        ],
      },
    ];
    return sections;
  } finally {
    store.close();
  }
};
