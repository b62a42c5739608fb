/**
 * The agent API's Firestore cost: reads and writes per call of each endpoint,
 * counted by the local store's meter (billed the way Firestore bills them: a
 * query costs one read per document returned, at least one), through the real
 * HTTP routing of the `agents` routes (Functions Framework → router → service).
 * The list of a user with 100 agents is compared with a per-agent-read list.
 */
import type { AddressInfo } from 'node:net';
import type { Store } from '@agent-platform/core/ports';
import { configureLog, loadConfig, useAdapters } from '@agent-platform/functions/host';
import { adapters, agentRoutes, httpFunction, listAgents, noAppCheck } from '@agent-platform/functions/testing';
import { SqliteStore } from '@agent-platform/local/sqlite-store';
import { http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { progress } from '../lib/progress';
import { median, ratio, round } from '../lib/stats';
import type { BenchRow, BenchSuite } from '../lib/types';

const LIST_SIZE = 100;
const LIST_REPEATS = 30;
const BASELINE = 'per-agent reads: one query for the ids, then one get per agent';

/** Counts store calls (round trips) beside the meter's billed reads and writes. */
function counting(store: SqliteStore) {
  const calls = { get: 0, query: 0 };
  const proxy = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === 'get' || prop === 'query') {
        return (...args: unknown[]) => {
          calls[prop]++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as unknown as Store;
  return { proxy, calls };
}

export const run: BenchSuite = async () => {
  configureLog({ sink: () => {} });
  const store = new SqliteStore(':memory:');
  const { proxy, calls } = counting(store);
  // One user keeps LIST_SIZE agents, above USER_MAX_AGENTS' default of 50.
  const config = loadConfig({ PLATFORM_ENV: 'test', USER_MAX_AGENTS: '1000' });
  useAdapters({
    config,
    store: proxy,
    tasks: {
      // Counted by the store meter (the queued execution); the Cloud Task itself is not Firestore.
      enqueue: async () => 'created',
    },
    // The bench's tokens are the uids themselves: auth costs no store access either way.
    auth: { verifyIdToken: async (token) => ({ uid: token, provider: 'bench' }) },
    appCheck: noAppCheck,
    model: { apiKey: 'unused', baseURL: undefined, offline: true },
    now: () => new Date(),
  });
  http('agentsBench', httpFunction(agentRoutes, adapters));
  const server = getTestServer('agentsBench');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call = async (uid: string, method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${uid}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  /** One call's reads, writes and store round trips. */
  const measure = async (label: string, fn: () => Promise<{ status: number }>, expected: number) => {
    const before = { ...store.meter, ...calls };
    const res = await fn();
    if (res.status !== expected) throw new Error(`${label}: expected ${expected}, got ${res.status}`);
    return {
      label,
      reads: store.meter.reads - before.reads,
      writes: store.meter.writes - before.writes,
      trips: calls.get + calls.query - before.get - before.query,
    };
  };

  try {
    progress('agents', 'per-endpoint costs');
    const spec = { name: 'Weekly stock summary', finalAgentPrompt: 'Summarise the week.' };
    const schedule = { frequency: 'weekly', time: '08:00', daysOfWeek: [1], timezone: 'Asia/Seoul' };
    let id = '';
    let activeId = '';
    const endpoint = [
      await measure(
        'POST /api/agents (draft)',
        async () => {
          const r = await call('alice', 'POST', '/api/agents', spec);
          id = r.body.id;
          return r;
        },
        201,
      ),
      await measure(
        'POST /api/agents (active, scheduled: also queues its next run)',
        async () => {
          const r = await call('alice', 'POST', '/api/agents', { ...spec, schedule, status: 'active' });
          activeId = r.body.id;
          return r;
        },
        201,
      ),
      await measure(
        'POST /api/agents (refused: bad field)',
        () => call('alice', 'POST', '/api/agents', { name: '' }),
        400,
      ),
      await measure('GET /api/agents/{id}', () => call('alice', 'GET', `/api/agents/${id}`), 200),
      await measure("GET /api/agents/{id} (someone else's: 404)", () => call('bob', 'GET', `/api/agents/${id}`), 404),
      await measure(
        'PATCH /api/agents/{id} (rename)',
        () => call('alice', 'PATCH', `/api/agents/${id}`, { name: 'x' }),
        200,
      ),
      await measure(
        'PATCH /api/agents/{id} (pause: withdraws the queued run)',
        () => call('alice', 'PATCH', `/api/agents/${activeId}`, { status: 'inactive' }),
        200,
      ),
      await measure('DELETE /api/agents/{id}', () => call('alice', 'DELETE', `/api/agents/${id}`), 204),
      await measure('GET /api/agents (user with 1 agent)', () => call('alice', 'GET', '/api/agents'), 200),
    ];

    progress('agents', `list of ${LIST_SIZE} agents`);
    for (let i = 0; i < LIST_SIZE; i++) {
      const r = await call('carol', 'POST', '/api/agents', { ...spec, name: `agent ${i}` });
      if (r.status !== 201) throw new Error(`seeding failed: ${r.status}`);
    }
    const ours = await measure(
      `GET /api/agents (user with ${LIST_SIZE} agents)`,
      () => call('carol', 'GET', '/api/agents'),
      200,
    );

    // The baseline: what a list that reads each agent on its own costs, on the same store.
    const before = { ...store.meter, ...calls };
    const ids = (await proxy.query({ collection: 'agents', where: [['userId', '==', 'carol']] })).map((d) => d.id);
    await Promise.all(ids.map((agentId) => proxy.get(`agents/${agentId}`)));
    const naive = {
      reads: store.meter.reads - before.reads,
      trips: calls.get + calls.query - before.get - before.query,
    };

    // Time at the store, for both: the local store answers in microseconds, so this shows
    // per-call overhead; on Firestore each of the baseline's round trips adds network latency.
    const oursMs: number[] = [];
    const naiveMs: number[] = [];
    for (let i = 0; i < LIST_REPEATS; i++) {
      let t0 = performance.now();
      await listAgents(adapters(), 'carol');
      oursMs.push(performance.now() - t0);
      t0 = performance.now();
      const list = await proxy.query({ collection: 'agents', where: [['userId', '==', 'carol']] });
      await Promise.all(list.map((d) => proxy.get(d.path)));
      naiveMs.push(performance.now() - t0);
    }

    const rows: BenchRow[] = endpoint.flatMap((e) => [
      { label: `${e.label}: reads`, value: e.reads, unit: 'reads' },
      { label: `${e.label}: writes`, value: e.writes, unit: 'writes' },
    ]);
    const listRows: BenchRow[] = [
      {
        label: `GET /api/agents, ${LIST_SIZE} agents: store round trips`,
        value: ours.trips,
        unit: 'calls',
        ratio: ratio(ours.trips, naive.trips),
        baseline: BASELINE,
      },
      { label: `baseline: store round trips`, value: naive.trips, unit: 'calls' },
      {
        label: `GET /api/agents, ${LIST_SIZE} agents: billed reads`,
        value: ours.reads,
        unit: 'reads',
        ratio: ratio(ours.reads, naive.reads),
        baseline: BASELINE,
      },
      { label: 'baseline: billed reads', value: naive.reads, unit: 'reads' },
      { label: `GET /api/agents, ${LIST_SIZE} agents: writes`, value: ours.writes, unit: 'writes' },
      {
        label: `list service, ${LIST_SIZE} agents: median time on the local store`,
        value: round(median(oursMs)),
        unit: 'ms',
        ratio: ratio(median(oursMs), median(naiveMs)),
        baseline: BASELINE,
      },
      { label: 'baseline: median time on the local store', value: round(median(naiveMs)), unit: 'ms' },
    ];
    return [
      {
        id: 'agents-endpoint-costs',
        title: 'Agent API: Firestore reads and writes per call',
        method:
          'Each endpoint called once over HTTP through the Functions Framework and the agents router, on the local SQLite store, whose meter counts reads and writes as Firestore bills them (a query: one read per document returned, at least one). Transactions count their reads.',
        rows,
        notes: [
          'Creating an active scheduled agent also writes its queued execution and reads the queue for stale runs to withdraw (the Runs enqueue); a draft costs one write.',
          'Refused requests (400, 404 for another user) write nothing.',
        ],
      },
      {
        id: 'agents-list-100',
        title: `Agent list of a user with ${LIST_SIZE} agents`,
        method: `GET /api/agents for a user with ${LIST_SIZE} agents (and nothing else per agent), against ${BASELINE}, on the same store; times are medians of ${LIST_REPEATS} runs.`,
        rows: listRows,
        notes: [
          'The list is one query (userId ==, createdAt desc; firestore.indexes.json), so Firestore bills one read per agent and one round trip in all.',
        ],
      },
    ];
  } finally {
    await new Promise((resolve) => server.close(resolve));
    store.close();
    useAdapters(undefined);
  }
};
