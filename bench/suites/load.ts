/**
 * The local stack under a bounded burst: 50 guests send 2,000 API requests
 * (create, a page of the list, read, patch, run-now, usage) over loopback, one request
 * in flight per guest, with the money and delivery features on: every agent has a
 * webhook, and each run-now holds its worst case, runs on the offline model, settles
 * and sends its webhook while the burst goes on. Throughput, p50/p99 latency and
 * errors, against the same burst of `GET /__local/health` (the bare server, no
 * function, no store); then nothing lost: every agent listed with its last patch,
 * every run ended, every webhook received once, no hold left, every cent recorded.
 *
 * Longer than most files: one suite, the burst and its baseline side by side.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startStack, type TestStack } from '../../test/support/stack';
import { progress } from '../lib/progress';
import { percentile, ratio, round } from '../lib/stats';
import type { BenchRow, BenchSection, BenchSuite } from '../lib/types';

const GUESTS = 50;
const REQUESTS = 2_000;
/** The list request asks for a page (docs/api.md): the first LIST_PAGE agents, newest first. */
const LIST_PAGE = 5;
const PER_GUEST = REQUESTS / GUESTS;
/** Each guest cycles through these: per guest 5 creates, patches, runs and usage reads, 10 lists and reads. */
const CYCLE = ['create', 'list', 'get', 'patch', 'run', 'usage', 'get', 'list'] as const;
type Kind = (typeof CYCLE)[number] | 'health';
const BASELINE = `${REQUESTS} × GET /__local/health, same guests and concurrency, half before and half after`;
/** Requests of one kind in the whole burst. */
const count = (kind: (typeof CYCLE)[number]) => (CYCLE.filter((k) => k === kind).length * REQUESTS) / CYCLE.length;

interface Sample {
  kind: Kind;
  ms: number;
  ok: boolean;
}

interface Guest {
  uid: string;
  idToken: string;
  /** Agent id → the description its last successful patch set (undefined: never patched). */
  agents: Map<string, string | undefined>;
  active: number;
  /** Executions its run-now requests started. */
  runs: string[];
}

const errors: string[] = [];

async function timed(
  kind: Kind,
  expect: number,
  send: () => Promise<Response>,
): Promise<{ sample: Sample; body: unknown }> {
  const t0 = performance.now();
  try {
    const res = await send();
    const text = await res.text();
    const ms = performance.now() - t0;
    const ok = res.status === expect;
    if (!ok) errors.push(`${kind}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return { sample: { kind, ms, ok }, body: ok && text ? JSON.parse(text) : undefined };
  } catch (err) {
    errors.push(`${kind}: ${(err as Error).message}`);
    return { sample: { kind, ms: performance.now() - t0, ok: false }, body: undefined };
  }
}

/** Where every agent of the burst sends its runs' results (set when the receiver is up). */
let webhookUrl = '';

/**
 * A create body; the 2nd and 4th of each guest's five are active on a daily schedule
 * twelve hours away, so they get a task. Each has a webhook for both outcomes.
 */
function createBody(guest: number, n: number): Record<string, unknown> {
  const active = n % 2 === 1;
  const hour = (new Date().getUTCHours() + 12) % 24;
  return {
    name: `Load agent ${guest}-${n}`,
    description: 'Created by the load benchmark.',
    finalAgentPrompt: 'Summarise the three most important technology headlines of the day in five bullet points.',
    schedule: active ? { frequency: 'daily', time: `${String(hour).padStart(2, '0')}:30`, timezone: 'UTC' } : null,
    status: active ? 'active' : 'draft',
    deliveries: [{ type: 'webhook', url: webhookUrl, format: 'json', on: ['success', 'failure'] }],
  };
}

/** A webhook receiver on loopback that counts the deliveries of each execution. */
async function startReceiver() {
  const byExecution = new Map<string, number>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { execution?: { id?: string } };
        const id = body.execution?.id ?? '?';
        byExecution.set(id, (byExecution.get(id) ?? 0) + 1);
      } catch {
        byExecution.set('?', (byExecution.get('?') ?? 0) + 1);
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    byExecution,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

function request(stack: TestStack, token: string, method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  return fetch(`${stack.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
}

/** One guest's share of the burst, one request at a time. */
async function apiWorker(stack: TestStack, guest: Guest, index: number, count: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  let created = 0;
  let latest: string | undefined;
  const ids = () => [...guest.agents.keys()];
  for (let i = 0; i < count; i++) {
    const kind = CYCLE[i % CYCLE.length] as (typeof CYCLE)[number];
    const pick = ids()[i % Math.max(1, guest.agents.size)];
    let r: { sample: Sample; body: unknown };
    if (kind === 'create') {
      const body = createBody(index, created++);
      r = await timed(kind, 201, () => request(stack, guest.idToken, 'POST', '/api/agents', body));
      const id = (r.body as { id?: string } | undefined)?.id;
      if (id) {
        guest.agents.set(id, undefined);
        if (body.status === 'active') guest.active++;
        latest = id;
      }
    } else if (kind === 'list') {
      r = await timed(kind, 200, () => request(stack, guest.idToken, 'GET', `/api/agents?limit=${LIST_PAGE}`));
      const page = r.body as { agents?: unknown[]; nextCursor?: unknown } | undefined;
      if (r.sample.ok && (!Array.isArray(page?.agents) || page.agents.length > LIST_PAGE || !('nextCursor' in page))) {
        errors.push(`list: a page that is not one: ${JSON.stringify(page).slice(0, 200)}`);
        r.sample.ok = false;
      }
    } else if (kind === 'run') {
      const id = latest ?? pick ?? 'none';
      r = await timed(kind, 202, () => request(stack, guest.idToken, 'POST', `/api/agents/${id}/run`));
      const started = (r.body as { executionId?: string } | undefined)?.executionId;
      if (started) guest.runs.push(started);
    } else if (kind === 'get') {
      r = await timed(kind, 200, () => request(stack, guest.idToken, 'GET', `/api/agents/${pick ?? 'none'}`));
    } else if (kind === 'patch') {
      const id = latest ?? pick ?? 'none';
      const description = `Patched by the load benchmark, request ${i}.`;
      r = await timed(kind, 200, () => request(stack, guest.idToken, 'PATCH', `/api/agents/${id}`, { description }));
      if (r.sample.ok) guest.agents.set(id, description);
    } else {
      r = await timed(kind, 200, () => request(stack, guest.idToken, 'GET', '/api/usage'));
    }
    samples.push(r.sample);
  }
  return samples;
}

async function healthWorker(stack: TestStack, count: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) {
    samples.push((await timed('health', 200, () => fetch(`${stack.url}/__local/health`))).sample);
  }
  return samples;
}

/** Runs `GUESTS` workers at once; returns their samples and the burst's wall time. */
async function burst(worker: (g: number) => Promise<Sample[]>): Promise<{ samples: Sample[]; seconds: number }> {
  const t0 = performance.now();
  const all = await Promise.all(Array.from({ length: GUESTS }, (_, g) => worker(g)));
  return { samples: all.flat(), seconds: (performance.now() - t0) / 1000 };
}

/**
 * Checks that every endpoint of the mix exists before measuring, so missing
 * routes are reported as such instead of as a burst of errors.
 */
async function probe(stack: TestStack): Promise<void> {
  const g = await stack.guest();
  const missing: string[] = [];
  const created = await stack.api(g.idToken, 'POST', '/api/agents', createBody(99, 1));
  if (created.status !== 201)
    missing.push(`POST /api/agents → ${created.status} ${JSON.stringify(created.body).slice(0, 200)}`);
  const id = (created.body as { id?: string } | undefined)?.id ?? 'none';
  const checks: [string, string, unknown][] = [
    ['GET', '/api/agents', undefined],
    ['GET', `/api/agents?limit=${LIST_PAGE}`, undefined],
    ['GET', `/api/agents/${id}`, undefined],
    ['PATCH', `/api/agents/${id}`, { description: 'probe' }],
    ['GET', '/api/usage', undefined],
    ['POST', `/api/agents/${id}/run`, undefined],
  ];
  for (const [method, path, body] of checks) {
    const res = await stack.api(g.idToken, method, path, body);
    const expected = path.endsWith('/run') ? 202 : 200;
    if (res.status !== expected)
      missing.push(`${method} ${path} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
  }
  if (missing.length) {
    throw new Error(
      `load: the API endpoints of the mix do not all answer yet, so there is nothing honest to measure (no figures):\n${missing.join('\n')}`,
    );
  }
}

function latencyRows(label: string, samples: Sample[], base: Sample[]): BenchRow[] {
  const ms = samples.map((s) => s.ms);
  const baseMs = base.map((s) => s.ms);
  const p50 = percentile(ms, 50);
  const p99 = percentile(ms, 99);
  return [
    {
      label: `${label}: p50 latency`,
      value: round(p50),
      unit: 'ms',
      ratio: ratio(p50, percentile(baseMs, 50)),
      baseline: 'health p50',
    },
    {
      label: `${label}: p99 latency`,
      value: round(p99),
      unit: 'ms',
      ratio: ratio(p99, percentile(baseMs, 99)),
      baseline: 'health p99',
    },
  ];
}

export const run: BenchSuite = async () => {
  const receiver = await startReceiver();
  webhookUrl = receiver.url;
  const stack = await startStack({ autoTick: false });
  try {
    progress('load', `stack up at ${stack.url}; probing the endpoints`);
    await probe(stack);

    // Warm-up (not recorded): JIT, SQLite statement caches, and the client's pool
    // of keep-alive connections, so neither burst pays for opening them.
    const warm: Guest = { ...(await stack.guest()), agents: new Map(), active: 0, runs: [] };
    await apiWorker(stack, warm, 98, CYCLE.length * 4);
    await burst(() => healthWorker(stack, 5));
    errors.length = 0;

    // The baseline brackets the burst (half before, half after), so drift in what
    // else the machine is doing falls on both sides alike.
    const firstHalf = Math.ceil(PER_GUEST / 2);
    progress('load', `baseline, first half: ${firstHalf * GUESTS} health requests from ${GUESTS} workers`);
    const before = await burst(() => healthWorker(stack, firstHalf));
    let baseErrors = errors.splice(0).length;

    const guests: Guest[] = [];
    for (let g = 0; g < GUESTS; g++) guests.push({ ...(await stack.guest()), agents: new Map(), active: 0, runs: [] });
    const tasksBefore = stack.tasks.pendingCount();
    progress('load', `burst: ${REQUESTS} API requests from ${GUESTS} guests`);
    const api = await burst((g) => apiWorker(stack, guests[g] as Guest, g, PER_GUEST));
    const apiErrors = errors.splice(0);
    progress('load', `baseline, second half: ${(PER_GUEST - firstHalf) * GUESTS} health requests`);
    const after = await burst(() => healthWorker(stack, PER_GUEST - firstHalf));
    baseErrors += errors.splice(0).length;
    const base = { samples: [...before.samples, ...after.samples], seconds: before.seconds + after.seconds };

    progress('load', 'checking that every created agent is listed with its last change');
    let created = 0;
    let listed = 0;
    let patchesHeld = 0;
    let patches = 0;
    let active = 0;
    const lost: string[] = [];
    for (const guest of guests) {
      const res = await stack.api(guest.idToken, 'GET', '/api/agents');
      const agents = (res.body as { agents?: { id: string; description?: string }[] } | undefined)?.agents ?? [];
      const byId = new Map(agents.map((a) => [a.id, a]));
      active += guest.active;
      for (const [id, description] of guest.agents) {
        created++;
        const found = byId.get(id);
        if (!found) {
          lost.push(`${guest.uid}/${id} not listed`);
          continue;
        }
        listed++;
        if (description !== undefined) {
          patches++;
          if (found.description === description) patchesHeld++;
          else lost.push(`${guest.uid}/${id} lost its last patch`);
        }
      }
      if (agents.length !== guest.agents.size)
        lost.push(`${guest.uid} lists ${agents.length} agents, created ${guest.agents.size}`);
    }
    const tasks = stack.tasks.pendingCount() - tasksBefore;

    progress('load', 'waiting for every run and its webhook to end; checking holds and spend');
    const money = await runsAndMoney(stack, guests, receiver.byExecution);
    lost.push(...money.lost);

    const throughput = api.samples.length / api.seconds;
    const baseThroughput = base.samples.length / base.seconds;
    const problems: string[] = [];
    if (apiErrors.length)
      problems.push(`${apiErrors.length} of ${REQUESTS} requests failed; first: ${apiErrors.slice(0, 3).join(' ; ')}`);
    if (baseErrors) problems.push(`${baseErrors} baseline health requests failed`);
    if (lost.length)
      problems.push(`lost: ${lost.slice(0, 5).join('; ')}${lost.length > 5 ? ` (+${lost.length - 5} more)` : ''}`);

    const byKind: BenchRow[] = [];
    for (const kind of new Set(CYCLE)) {
      const label = {
        create: 'POST /api/agents',
        list: `GET /api/agents?limit=${LIST_PAGE}`,
        get: 'GET /api/agents/{id}',
        patch: 'PATCH /api/agents/{id}',
        run: 'POST /api/agents/{id}/run',
        usage: 'GET /api/usage',
      }[kind];
      byKind.push(
        ...latencyRows(
          `${label} (n=${api.samples.filter((s) => s.kind === kind).length})`,
          api.samples.filter((s) => s.kind === kind),
          base.samples,
        ),
      );
    }

    const sections: BenchSection[] = [
      {
        id: 'load-burst',
        title: 'Load: a bounded burst of API requests on the local stack',
        method: `The in-process local stack (test/support/stack.ts startStack, SQLite store, offline model, loopback). ${GUESTS} guests each send ${PER_GUEST} requests one after another, all guests at once (concurrency ${GUESTS}): a repeating mix of create (two in five active on a daily schedule; each with a webhook), a page of the list, read, patch of the guest's newest agent, run-now of it (its worst case held, the run on the offline model, settled and its webhook sent while the burst goes on), usage, another read and another page — ${count('create')} creates, patches, runs and usage reads, ${count('list')} pages and reads. Latency is fetch to last body byte. Baseline: ${BASELINE}. An unrecorded warm-up (${CYCLE.length * 4} API requests, then ${GUESTS} concurrent workers × 5 health requests) precedes both.`,
        rows: [
          {
            label: 'throughput',
            value: round(throughput),
            unit: 'requests/s',
            ratio: ratio(throughput, baseThroughput),
            baseline: BASELINE,
          },
          ...latencyRows('all requests', api.samples, base.samples),
          { label: 'errors (non-2xx or network)', value: apiErrors.length, unit: 'requests' },
          { label: 'burst wall time', value: round(api.seconds), unit: 's' },
          { label: 'baseline: throughput', value: round(baseThroughput), unit: 'requests/s' },
          {
            label: 'baseline: p50 latency',
            value: round(
              percentile(
                base.samples.map((s) => s.ms),
                50,
              ),
            ),
            unit: 'ms',
          },
          {
            label: 'baseline: p99 latency',
            value: round(
              percentile(
                base.samples.map((s) => s.ms),
                99,
              ),
            ),
            unit: 'ms',
          },
          { label: 'baseline: errors', value: baseErrors, unit: 'requests' },
        ],
        notes: [
          "Client and server share one Node process and this machine's cores, as they do for the baseline; the ratio is the platform's share (auth, routing, validation, SQLite transactions), not network cost.",
          'Errors must be zero: any is listed under "Did not hold".',
        ],
        problems: problems.filter((p) => !p.startsWith('lost')),
      },
      {
        id: 'load-by-endpoint',
        title: 'Load: latency by endpoint during the burst',
        method: `The same burst, split by request kind; each ratio is against the health baseline's p50 or p99.`,
        rows: byKind,
      },
      {
        id: 'load-nothing-lost',
        title: 'Load: nothing lost',
        method:
          "After the burst, each guest lists its agents (GET /api/agents). Every agent the burst created must be listed, with the description of its last successful patch, and nothing else; every active agent must have its run task queued (local Tasks stand-in). Then, once the queues are idle, every run-now must have ended with its webhook sent and received exactly once, no user may keep a hold, and the spend on each user's months must equal the sum of its runs' costs.",
        rows: [
          { label: 'agents created (201)', value: created, unit: 'agents' },
          {
            label: 'created agents listed afterwards',
            value: listed,
            unit: 'agents',
            ratio: ratio(listed, created),
            baseline: 'agents created',
          },
          {
            label: 'patched agents showing their last patch',
            value: patchesHeld,
            unit: 'agents',
            ratio: ratio(patchesHeld, patches),
            baseline: 'agents patched (200)',
          },
          {
            label: 'run tasks queued for active agents',
            value: tasks,
            unit: 'tasks',
            ratio: ratio(tasks, active),
            baseline: 'active agents created',
          },
          { label: 'runs started by run-now (202)', value: money.started, unit: 'runs' },
          {
            label: 'runs ended in success',
            value: money.succeeded,
            unit: 'runs',
            ratio: ratio(money.succeeded, money.started),
            baseline: 'runs started',
          },
          {
            label: 'webhooks received exactly once',
            value: money.deliveredOnce,
            unit: 'runs',
            ratio: ratio(money.deliveredOnce, money.started),
            baseline: 'runs started',
          },
          { label: 'holds left on users after every run ended', value: money.holdsLeft, unit: 'holds' },
          {
            label: "spend recorded on the users' months",
            value: round(money.recordedUsd),
            unit: 'USD',
            ratio: ratio(money.recordedUsd, money.runsUsd),
            baseline: 'the sum of the runs’ own costs',
          },
          { label: 'lost or inconsistent', value: lost.length, unit: 'findings' },
        ],
        problems: [
          ...problems.filter((p) => p.startsWith('lost')),
          ...(tasks < active ? [`${active - tasks} active agents have no queued run task`] : []),
        ],
      },
    ];
    return sections;
  } finally {
    await stack.stop();
    await receiver.stop();
  }
};

/**
 * After the burst: waits (up to two minutes) until every run-now has ended and the
 * queues are idle, then checks each run's webhook arrived once, no hold is left on
 * any user, and each user's recorded spend is the sum of its runs' costs.
 */
async function runsAndMoney(stack: TestStack, guests: Guest[], received: Map<string, number>) {
  type Exec = { status: string; costUsd: number; deliveries: { status: string }[] };
  const lost: string[] = [];
  const runIds = guests.flatMap((g) => g.runs);
  const read = (id: string) => stack.store.get<Exec>(`executions/${id}`).then((d) => d?.data);
  const ended = (e: Exec | undefined) =>
    (e?.status === 'success' || e?.status === 'failed') && e.deliveries.every((d) => d.status !== 'pending');
  for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
    await stack.queues.idle(120_000);
    if ((await Promise.all(runIds.map(read))).every(ended)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  let succeeded = 0;
  let deliveredOnce = 0;
  let holdsLeft = 0;
  let recordedUsd = 0;
  let runsUsd = 0;
  for (const guest of guests) {
    let guestRunsUsd = 0;
    for (const id of guest.runs) {
      const exec = await read(id);
      if (!ended(exec)) lost.push(`run ${id} did not end (${exec?.status ?? 'missing'})`);
      if (exec?.status === 'success') succeeded++;
      guestRunsUsd += exec?.costUsd ?? 0;
      const times = received.get(id) ?? 0;
      if (times === 1 && exec?.deliveries.every((d) => d.status === 'sent')) deliveredOnce++;
      else lost.push(`run ${id}: webhook received ${times} times`);
    }
    const user = (
      await stack.store.get<{ holds?: Record<string, unknown>; usage?: Record<string, { costUsd?: number }> }>(
        `users/${guest.uid}`,
      )
    )?.data;
    const holds = Object.keys(user?.holds ?? {}).length;
    holdsLeft += holds;
    if (holds) lost.push(`${guest.uid} keeps ${holds} holds`);
    const recorded = Object.values(user?.usage ?? {}).reduce((sum, m) => sum + (m.costUsd ?? 0), 0);
    if (Math.abs(recorded - guestRunsUsd) > 1e-9)
      lost.push(`${guest.uid} spent ${guestRunsUsd} on runs but ${recorded} is recorded`);
    recordedUsd += recorded;
    runsUsd += guestRunsUsd;
  }
  return { lost, started: runIds.length, succeeded, deliveredOnce, holdsLeft, recordedUsd, runsUsd };
}
