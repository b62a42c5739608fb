/**
 * Runs: what one run and one tick cost in Firestore operations, how tick cost
 * grows with the number of agents (against scanning every agent), and how late
 * runs start on the local stack.
 *
 * Store operations are counted by the SQLite store's meter, which bills as
 * Firestore does (one read per document returned, a query at least one; one
 * write per document written). The model is a Messages-API stand-in server.
 *
 * Longer than most files: one suite, whose three measurements share their set-up
 * and read best in order.
 */
import queue from '@agent-platform/config/queue.json';
import type { AgentDoc } from '@agent-platform/core/agent';
import type { RunTask, TaskQueue } from '@agent-platform/core/ports';
import type { Adapters } from '@agent-platform/functions/host';
import { loadConfig, useAdapters } from '@agent-platform/functions/host';
import {
  enqueueManualRun,
  enqueueScheduledRun,
  listUnqueuedAgents,
  modelClient,
  noAppCheck,
  runTask,
  scheduledExecutionId,
  sweep,
} from '@agent-platform/functions/testing';
import { SqliteStore } from '@agent-platform/local/sqlite-store';
import { startMessagesStub, textReply } from '../../test/support/messages-stub';
import { startStack } from '../../test/support/stack';
import { progress } from '../lib/progress';
import { ratio, round, summarize } from '../lib/stats';
import type { BenchRow, BenchSection, BenchSuite } from '../lib/types';

const say = (m: string) => progress('runs', m);
const DUE = 100;
/** Firestore Standard reads/writes and Cloud Tasks operations (create + push): https://firebase.google.com/docs/firestore/pricing, https://cloud.google.com/tasks/pricing */
const PRICE = { read: 0.03 / 1e5, write: 0.09 / 1e5, taskOp: 0.4 / 1e6 };
/** A small run for the cost comparison: a short prompt and a one-page answer. */
const SMALL_RUN = { input: 2_000, output: 1_000 };
/** One-minute polling: a run due at a random instant waits for the next poll, U(0, 60 s). */
const POLL_P50_MS = 30_000;
const POLL_P99_MS = 59_400;
const SIZES = [1_000, 10_000, 100_000];

class CountingQueue implements TaskQueue {
  readonly tasks = new Map<string, RunTask>();
  async enqueue(task: RunTask): Promise<'created' | 'exists'> {
    if (this.tasks.has(task.name)) return 'exists';
    this.tasks.set(task.name, task);
    return 'created';
  }
}

function inProcess(
  store: SqliteStore,
  now: Date,
  modelUrl = 'http://127.0.0.1:9',
): Adapters & { queue: CountingQueue } {
  const queue = new CountingQueue();
  const deps = {
    config: loadConfig({ PLATFORM_ENV: 'test' }),
    store,
    tasks: queue,
    queue,
    auth: {
      verifyIdToken: async () => ({ uid: 'u', provider: 'test' }),
    },
    appCheck: noAppCheck,
    model: { apiKey: 'bench', baseURL: modelUrl, offline: false },
    now: () => now,
  };
  useAdapters(deps);
  return deps;
}

function agentDoc(userId: string, nextRunAt: Date, at: Date): AgentDoc {
  return {
    userId,
    name: 'Bench agent',
    description: '',
    finalAgentPrompt: 'Report.',
    tools: [],
    model: 'claude-sonnet-5-5',
    schedule: { frequency: 'hourly', time: '00:00', timezone: 'UTC' },
    status: 'active',
    nextRunAt: nextRunAt.toISOString(),
    unqueuedRunAt: nextRunAt.toISOString(),
    lastRun: null,
    totalTokenUsage: { input: 0, output: 0 },
    costUsd: 0,
    runCount: 0,
    conversationId: null,
    deliveries: [],
    monthlyBudgetUsd: null,
    blockedBy: null,
    createdAt: at.toISOString(),
    updatedAt: at.toISOString(),
  };
}

function meterDelta<T>(
  store: SqliteStore,
  fn: () => Promise<T>,
): Promise<{ reads: number; writes: number; ms: number; value: T }> {
  const r0 = store.meter.reads;
  const w0 = store.meter.writes;
  const t0 = performance.now();
  return fn().then((value) => ({
    reads: store.meter.reads - r0,
    writes: store.meter.writes - w0,
    ms: performance.now() - t0,
    value,
  }));
}

/** Tick cost with N agents of which 100 are due, against a scan of every active agent. */
async function tickCost(): Promise<BenchSection> {
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const problems: string[] = [];
  for (const n of SIZES) {
    say(`tick with ${n.toLocaleString('en-US')} agents…`);
    const now = new Date('2026-11-23T08:00:00.000Z');
    const store = new SqliteStore(':memory:');
    const deps = inProcess(store, now);
    for (let i = 0; i < n; i++) {
      // 100 due within the lookahead, their runs not queued yet; the rest spread over the
      // next 30 days, queued when they were saved (their mark cleared).
      const next =
        i < DUE
          ? new Date(now.getTime() + 60_000)
          : new Date(now.getTime() + 3_600_000 + ((i * 7919) % (30 * 24 * 60)) * 60_000);
      const doc = agentDoc(`u${i % 500}`, next, now);
      if (i >= DUE) doc.unqueuedRunAt = null;
      await store.set(`agents/a${i}`, doc as unknown as Record<string, unknown>);
    }
    const marked = await listUnqueuedAgents(store, new Date(now.getTime() + 5 * 60_000), 500);
    const first = await meterDelta(store, () => sweep(deps));
    const steady = await meterDelta(store, () => sweep(deps));
    // Baseline: what a sweeper without the nextRunAt index would read to find the same 100.
    const scan = await meterDelta(store, async () => {
      const all = await store.query<AgentDoc>({ collection: 'agents', where: [['status', '==', 'active']] });
      const horizon = now.getTime() + deps.config.tick.lookaheadMinutes * 60_000;
      return all.filter((a) => a.data.nextRunAt && Date.parse(a.data.nextRunAt) <= horizon).length;
    });
    if (first.value.enqueued !== DUE)
      problems.push(`${n} agents: the first tick enqueued ${first.value.enqueued}, not ${DUE}.`);
    if (steady.value.enqueued !== 0)
      problems.push(`${n} agents: a second tick enqueued ${steady.value.enqueued} again.`);
    if (scan.value !== DUE || marked.length !== DUE) problems.push(`${n} agents: the due queries disagree.`);
    if (steady.reads > 2) problems.push(`${n} agents: a steady tick read ${steady.reads} documents, more than 2.`);
    // Each due agent once, the stale query, and one empty query when a batch came back full.
    if (first.reads > DUE + 2) problems.push(`${n} agents: the first tick read more than one document per due agent.`);
    const label = `${n.toLocaleString('en-US')} agents`;
    rows.push(
      {
        label: `${label}: first tick reads (enqueues ${DUE})`,
        value: first.reads,
        unit: 'reads',
        ratio: ratio(first.reads, scan.reads + DUE + 1),
        baseline: 'scan every agent',
      },
      { label: `${label}: first tick writes`, value: first.writes, unit: 'writes' },
      {
        label: `${label}: steady tick reads (all ${DUE} have tasks)`,
        value: steady.reads,
        unit: 'reads',
        ratio: ratio(steady.reads, scan.reads + DUE + 1),
        baseline: 'scan every agent',
      },
      {
        label: `${label}: steady tick reads against the due-by-nextRunAt sweeper`,
        value: steady.reads,
        unit: 'reads',
        ratio: ratio(steady.reads, 2 * DUE + 1),
        baseline: `the due query (${DUE}) + an execution get per due agent (${DUE}) + the stale query (1)`,
      },
      { label: `${label}: steady tick writes`, value: steady.writes, unit: 'writes' },
      {
        label: `${label}: steady tick time`,
        value: round(steady.ms),
        unit: 'ms',
        ratio: ratio(steady.ms, scan.ms),
        baseline: 'scan every agent (query only)',
      },
      { label: `${label}: baseline scan reads (query only)`, value: scan.reads, unit: 'reads' },
      { label: `${label}: baseline scan time (query only)`, value: round(scan.ms), unit: 'ms' },
    );
    store.close();
  }
  notes.push(
    'Tick reads = 1 query returning the agents marked `unqueuedRunAt` (due within the lookahead, no execution yet; one read each, ' +
      "at least one) + the stale-run query (≥1 read). The first tick creates each due run's execution and clears its mark in the " +
      'transaction that read it (2 writes per agent) and one named task each (not a store operation); a steady tick reads two empty queries.',
    'The due-by-nextRunAt baseline is the sweeper before the mark (arithmetic: it re-read every due agent and its execution on each of the five look-ahead ticks; measured 201 reads at every size).',
    'Baseline ratios compare with scanning every active agent and then doing the same per-due work.',
  );
  useAdapters(undefined);
  return {
    id: 'runs-tick-cost',
    title: `Tick cost with ${SIZES.map((s) => s.toLocaleString('en-US')).join(' / ')} agents, ${DUE} due`,
    method:
      'sweep() on the SQLite store (expression index per query shape, as Firestore needs a composite index) with a counting task queue; reads and writes from the store meter, billed as Firestore bills them.',
    rows,
    notes,
    problems,
  };
}

/** Store operations of one run from enqueue to outcome (and the next run's enqueue). */
async function perRun(): Promise<BenchSection> {
  say('store operations per run…');
  const stub = await startMessagesStub();
  stub.script(textReply('# Result', { input_tokens: 500, output_tokens: 200 }));
  const now = new Date('2026-11-23T08:00:00.000Z');
  const store = new SqliteStore(':memory:');
  const deps = inProcess(store, now, stub.url);
  const rows: BenchRow[] = [];
  try {
    await store.set(
      'agents/m1',
      agentDoc('u1', new Date(now.getTime() + 3600_000), now) as unknown as Record<string, unknown>,
    );
    const manualEnqueue = await meterDelta(store, () =>
      enqueueManualRun(deps, { userId: 'u1', agentId: 'm1', model: 'claude-sonnet-5-5' }),
    );
    const task = [...deps.queue.tasks.values()].at(-1) as RunTask;
    const manualRun = await meterDelta(store, () => runTask(deps, task.payload));
    // Baseline: the same delivery with the task-vs-run check reading the execution before the claim does.
    const { executionId: second } = await enqueueManualRun(deps, {
      userId: 'u1',
      agentId: 'm1',
      model: 'claude-sonnet-5-5',
    });
    const separateCheck = await meterDelta(store, async () => {
      await store.get(`executions/${second}`);
      return runTask(deps, (deps.queue.tasks.get(second) as RunTask).payload);
    });

    const scheduledAt = new Date(now.getTime() + 60_000);
    await store.set('agents/s1', agentDoc('u1', scheduledAt, now) as unknown as Record<string, unknown>);
    const schedEnqueue = await meterDelta(store, () =>
      enqueueScheduledRun(deps, { id: 's1', userId: 'u1', nextRunAt: scheduledAt.toISOString(), status: 'active' }),
    );
    const schedTask = deps.queue.tasks.get(scheduledExecutionId('s1', scheduledAt)) as RunTask;
    deps.now = () => scheduledAt; // delivered at its time (earlier, it would be told to come back)
    const schedRun = await meterDelta(store, () => runTask(deps, schedTask.payload));
    const dup = await meterDelta(store, () => runTask(deps, schedTask.payload));

    // Platform cost of 1,000 scheduled runs (store + task operations), against the model cost of a small run.
    const opsPerRun = { reads: schedEnqueue.reads + schedRun.reads, writes: schedEnqueue.writes + schedRun.writes };
    const platformPer1k = 1000 * (opsPerRun.reads * PRICE.read + opsPerRun.writes * PRICE.write + 2 * PRICE.taskOp);
    const p = deps.config.models.models[deps.config.models.defaultModel] as { input: number; output: number };
    const modelPer1k = 1000 * ((SMALL_RUN.input * p.input + SMALL_RUN.output * p.output) / 1e6);

    // Overhead: a run end to end with a zero-latency model, against the bare SDK call it makes.
    stub.script(textReply('# Result', { input_tokens: 500, output_tokens: 200 }));
    const platform: number[] = [];
    const bare: number[] = [];
    const client = modelClient(deps.model);
    for (let i = 0; i < 40; i++) {
      const { executionId } = await enqueueManualRun(deps, { userId: 'u1', agentId: 'm1', model: 'claude-sonnet-5-5' });
      const payload = (deps.queue.tasks.get(executionId) as RunTask).payload;
      let t0 = performance.now();
      await runTask(deps, payload);
      platform.push(performance.now() - t0);
      t0 = performance.now();
      await client.messages
        .stream({ model: 'claude-sonnet-5-5', max_tokens: 16_000, messages: [{ role: 'user', content: 'Report.' }] })
        .finalMessage();
      bare.push(performance.now() - t0);
    }
    const runP50 = summarize(platform).p50;
    const bareP50 = summarize(bare).p50;
    rows.push(
      {
        label: 'platform cost of 1,000 scheduled runs (Firestore + Cloud Tasks)',
        value: Math.round(platformPer1k * 1e6) / 1e6,
        unit: 'USD',
        ratio: ratio(platformPer1k, modelPer1k),
        baseline: `model cost of 1,000 small runs (${SMALL_RUN.input} in / ${SMALL_RUN.output} out tokens, ${deps.config.models.defaultModel})`,
      },
      {
        label: 'run-now delivery to recorded outcome, zero-latency model, p50',
        value: round(runP50),
        unit: 'ms',
        ratio: ratio(runP50, bareP50),
        baseline: 'the bare SDK call to the same model server',
      },
      { label: 'platform share of a run (p50 difference)', value: round(runP50 - bareP50), unit: 'ms' },
    );
    rows.push(
      { label: 'run-now: enqueue (budget check + execution)', value: manualEnqueue.reads, unit: 'reads' },
      { label: 'run-now: enqueue writes', value: manualEnqueue.writes, unit: 'writes' },
      {
        label: 'run-now: delivery to outcome, reads',
        value: manualRun.reads,
        unit: 'reads',
        ratio: ratio(manualRun.reads, separateCheck.reads),
        baseline: 'the check of the task against its run in a read of its own before the claim',
      },
      {
        label: 'run-now: delivery to outcome, writes (incl. progress events)',
        value: manualRun.writes,
        unit: 'writes',
      },
      {
        label: 'scheduled: enqueue reads (withdraw query + the agent, read with its execution created)',
        value: schedEnqueue.reads,
        unit: 'reads',
      },
      { label: 'scheduled: enqueue writes', value: schedEnqueue.writes, unit: 'writes' },
      { label: 'scheduled: delivery to outcome + next run enqueued, reads', value: schedRun.reads, unit: 'reads' },
      { label: 'scheduled: delivery to outcome + next run enqueued, writes', value: schedRun.writes, unit: 'writes' },
      { label: 'duplicate delivery of a finished run, reads', value: dup.reads, unit: 'reads' },
      { label: 'duplicate delivery of a finished run, writes', value: dup.writes, unit: 'writes' },
    );
  } finally {
    useAdapters(undefined);
    store.close();
    await stub.stop();
  }
  return {
    id: 'runs-per-run-ops',
    title: 'Firestore operations per run',
    method:
      'One run-now and one scheduled run through enqueue → runTask (claim, Claude via a Messages-API stand-in, outcome + usage transaction, next run), in process on the SQLite store; counts from its meter.',
    rows,
    notes: [
      'Progress events are written at most once a second, so a run with many tool calls adds a few writes, not one per event.',
      "Each progress write also renews the run's lease (leaseUntil/staleAfter, RUN_LEASE_SECONDS default 60) inside a transaction that checks the lease is still ours: " +
        'one read more per progress write than a plain update (these runs: 6 → 7 and 7 → 8 reads; writes unchanged at 5 and 6). ' +
        "Runs shorter than a third of the lease (20 s) write nothing more; a long run with no progress for 20 s adds one lease-only write (and read) per 20 s, at most 15 for a 300-s attempt (arithmetic, not measured here: this bench's clock stands still).",
      'The run-now route also counts the request against the per-user limit (RUN_NOW_PER_MINUTE): 1 read + 1 write per request, outside the enqueue measured above.',
    ],
  };
}

/** start − scheduledFor on the local stack, for runs alone and for a burst due at the same instant. */
async function startLag(): Promise<BenchSection> {
  say('start lag on the local stack…');
  const stub = await startMessagesStub();
  stub.script({ ...textReply('ok'), delayMs: 50 });
  // One guest keeps 120 agents here, above USER_MAX_AGENTS' default of 50, and its 100
  // due at once may all run: the per-user turn (USER_MAX_CONCURRENT_RUNS, 2) is the burst
  // suite's subject, not the timing measured here.
  const stack = await startStack({
    anthropicBaseUrl: stub.url,
    env: { USER_MAX_AGENTS: '1000', USER_MAX_CONCURRENT_RUNS: '100' },
  });
  const rows: BenchRow[] = [];
  const problems: string[] = [];
  try {
    const { idToken } = await stack.guest();
    const create = async (minute: number) => {
      const res = await stack.api(idToken, 'POST', '/api/agents', {
        name: 'Lag',
        finalAgentPrompt: 'Report.',
        schedule: { frequency: 'hourly', time: `00:${String(minute).padStart(2, '0')}`, timezone: 'UTC' },
        status: 'active',
      });
      return res.body as { id: string; nextRunAt: string };
    };
    const lagOf = async (agentId: string, at: string) => {
      const doc = await stack.store.get<{ startTime: string | null }>(
        `executions/${scheduledExecutionId(agentId, at)}`,
      );
      return doc?.data.startTime ? Date.parse(doc.data.startTime) - Date.parse(at) : Number.NaN;
    };

    // Alone: one run due at a time.
    const single: number[] = [];
    for (let i = 0; i < 20; i++) {
      const agent = await create(i);
      stack.clock.set(new Date(Date.parse(agent.nextRunAt) - 150));
      await new Promise((r) => setTimeout(r, 200));
      await stack.tasks.idle();
      single.push(await lagOf(agent.id, agent.nextRunAt));
      await stack.api(idToken, 'DELETE', `/api/agents/${agent.id}`);
    }
    // Burst: 100 agents due at the same instant (the queue's limits: config/queue.json).
    const burst = await Promise.all(Array.from({ length: 100 }, () => create(59)));
    const at = burst[0]?.nextRunAt as string;
    stack.clock.set(new Date(Date.parse(at) - 200));
    await new Promise((r) => setTimeout(r, 250));
    const burstLagsNow = () => Promise.all(burst.map((a) => lagOf(a.id, a.nextRunAt)));
    let burstLags = await burstLagsNow();
    // Until every run has started: a task sent back to wait is due again later, not idle now.
    for (const deadline = Date.now() + 60_000; burstLags.some((l) => !Number.isFinite(l)) && Date.now() < deadline; ) {
      await stack.tasks.idle(60_000);
      await new Promise((r) => setTimeout(r, 100));
      burstLags = await burstLagsNow();
    }
    if ([...single, ...burstLags].some((l) => !Number.isFinite(l))) problems.push('A run did not start.');
    const s = summarize(single.filter(Number.isFinite));
    const b = summarize(burstLags.filter(Number.isFinite));
    rows.push(
      { label: 'one run due: start lag p50', value: round(s.p50), unit: 'ms' },
      { label: 'one run due: start lag p99', value: round(s.p99), unit: 'ms' },
      {
        label: '100 runs due at once: start lag p50',
        value: round(b.p50),
        unit: 'ms',
        ratio: ratio(b.p50, POLL_P50_MS),
        baseline: 'one-minute polling p50 (30 s, modelled)',
      },
      {
        label: '100 runs due at once: start lag p99',
        value: round(b.p99),
        unit: 'ms',
        ratio: ratio(b.p99, POLL_P99_MS),
        baseline: 'one-minute polling p99 (59.4 s, modelled)',
      },
    );
  } finally {
    await stack.stop();
    await stub.stop();
  }
  return {
    id: 'runs-start-lag',
    title: 'Start lag (start − scheduledFor), local stack',
    method:
      "Scheduled agents created through the API; the stack clock is set just before their time; lag = the execution's startTime − scheduledFor. The Tasks stand-in polls every 50 ms and applies config/queue.json's rate limits.",
    rows,
    notes: [
      `The burst is bounded by the queue's rate limits (config/queue.json: maxDispatchesPerSecond ${queue.rateLimits.maxDispatchesPerSecond}, maxConcurrentDispatches ${queue.rateLimits.maxConcurrentDispatches}), which also cap parallel Claude spend; 1,000 due at once: the burst suite.`,
      "The 100 belong to one guest whose USER_MAX_CONCURRENT_RUNS is raised to 100 for this section; with the default 2 a user's own runs take turns (the burst suite spreads 1,000 runs over 100 users).",
    ],
    problems,
  };
}

export const run: BenchSuite = async () => [await perRun(), await tickCost(), await startLag()];
