import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DeliveredTask, describeTaskQueueContract } from '@agent-platform/functions/contracts';
import { loadConfig, type QueueSettings } from '@agent-platform/functions/host';
import { StackClock } from '../src/clock';
import { backoffMs, LocalTaskQueue } from '../src/google/task-queue';

interface Receiver {
  url: string;
  delivered: DeliveredTask[];
  /** Status to answer with, per delivery index. */
  answer: (i: number) => number;
  server: Server;
}

async function receiver(answer: (i: number) => number = () => 200, holdMs = 0): Promise<Receiver> {
  const r: Receiver = { url: '', delivered: [], answer, server: undefined as unknown as Server };
  r.server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const index = r.delivered.length;
    r.delivered.push({
      body: JSON.parse(Buffer.concat(chunks).toString()),
      authorization: req.headers.authorization,
      taskName: req.headers['x-cloudtasks-taskname'] as string | undefined,
      at: Date.now(),
    });
    if (holdMs) await new Promise((ok) => setTimeout(ok, holdMs));
    res.writeHead(r.answer(index)).end();
  });
  await new Promise<void>((ok) => r.server.listen(0, '127.0.0.1', ok));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/`;
  return r;
}

function settings(
  overrides: Partial<QueueSettings['retryConfig']> = {},
  rate?: Partial<QueueSettings['rateLimits']>,
): QueueSettings {
  const base = loadConfig({ PLATFORM_ENV: 'test' }).queue;
  return { ...base, retryConfig: { ...base.retryConfig, ...overrides }, rateLimits: { ...base.rateLimits, ...rate } };
}

async function makeQueue(
  r: Receiver,
  s = settings(),
  dir = mkdtempSync(join(tmpdir(), 'tasks-')),
  clock = new StackClock(),
) {
  const queue = new LocalTaskQueue({
    file: join(dir, 'tasks.db'),
    settings: s,
    clock,
    target: () => ({ url: r.url, token: 'task-token' }),
  });
  queue.start();
  return { queue, dir, clock };
}

describeTaskQueueContract('local Tasks stand-in', async () => {
  const r = await receiver();
  const { queue, dir, clock } = await makeQueue(r);
  return {
    queue,
    delivered: r.delivered,
    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    settle: () => queue.idle(),
    cleanup: async () => {
      await queue.stop();
      queue.close();
      r.server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('local Tasks stand-in', () => {
  test('retries a failed delivery with doubling backoff until it succeeds', async () => {
    const r = await receiver((i) => (i < 2 ? 503 : 200));
    const { queue, dir, clock } = await makeQueue(r, settings({ minBackoffSeconds: 10, maxBackoffSeconds: 300 }));
    await queue.enqueue({ name: 'flaky', scheduleTime: clock.now(), payload: {} as never });
    await queue.idle();
    expect(r.delivered).toHaveLength(1);
    // The first retry waits the minimum backoff (10 s)…
    clock.advance(9_000);
    await queue.idle();
    expect(r.delivered).toHaveLength(1);
    clock.advance(1_100);
    await queue.idle();
    expect(r.delivered).toHaveLength(2);
    // …the second twice as long (20 s).
    clock.advance(19_000);
    await queue.idle();
    expect(r.delivered).toHaveLength(2);
    clock.advance(1_100);
    await queue.idle();
    expect(r.delivered).toHaveLength(3);
    expect(queue.pendingCount()).toBe(0);
    await queue.stop();
    queue.close();
    r.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('gives up after the last attempt once the retry window has passed', async () => {
    const r = await receiver(() => 500);
    const { queue, dir, clock } = await makeQueue(r, settings({ maxAttempts: 2, maxRetryDurationSeconds: 0 }));
    await queue.enqueue({ name: 'doomed', scheduleTime: clock.now(), payload: {} as never });
    await queue.idle();
    expect(queue.pendingCount()).toBe(1);
    clock.advance(settings().retryConfig.minBackoffSeconds * 1000 + 100);
    await queue.idle();
    expect(r.delivered).toHaveLength(2);
    expect(queue.pendingCount()).toBe(0);
    // Given up: no third attempt, however long one waits.
    clock.advance(3_600_000);
    await queue.idle();
    expect(r.delivered).toHaveLength(2);
    await queue.stop();
    queue.close();
    r.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('keeps queued tasks across a restart and delivers them afterwards', async () => {
    const r = await receiver();
    const dir = mkdtempSync(join(tmpdir(), 'tasks-'));
    const clock = new StackClock();
    const first = await makeQueue(r, settings(), dir, clock);
    await first.queue.enqueue({
      name: 'survivor',
      scheduleTime: new Date(clock.now().getTime() + 60_000),
      payload: { executionId: 'e' } as never,
    });
    await first.queue.stop();
    first.queue.close();
    const second = await makeQueue(r, settings(), dir, clock);
    clock.advance(61_000);
    await second.queue.idle();
    expect(r.delivered.map((d) => d.taskName)).toEqual(['survivor']);
    await second.queue.stop();
    second.queue.close();
    r.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('due tasks go out in no fixed order, not first in, first out', async () => {
    const r = await receiver();
    const clock = new StackClock();
    // Paused by the clock: all 40 are queued before any is due.
    const { queue, dir } = await makeQueue(
      r,
      settings({}, { maxConcurrentDispatches: 1, maxDispatchesPerSecond: 500 }),
      undefined,
      clock,
    );
    const at = new Date(clock.now().getTime() + 60_000);
    const names = Array.from({ length: 40 }, (_, i) => `order-${String(i).padStart(2, '0')}`);
    for (const name of names) await queue.enqueue({ name, scheduleTime: at, payload: {} as never });
    clock.advance(61_000);
    await queue.idle();
    const order = r.delivered.map((d) => d.taskName);
    expect([...order].sort()).toEqual(names);
    // The chance of a random order being the queued one is 1 in 40!.
    expect(order).not.toEqual(names);
    await queue.stop();
    queue.close();
    r.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('never has more deliveries under way than maxConcurrentDispatches', async () => {
    let inFlight = 0;
    let peak = 0;
    const r = await receiver();
    r.server.removeAllListeners('request');
    r.server.on('request', async (req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      for await (const _ of req) {
        // drain
      }
      await new Promise((ok) => setTimeout(ok, 60));
      inFlight--;
      r.delivered.push({ body: null, authorization: undefined, taskName: undefined, at: Date.now() });
      res.writeHead(200).end();
    });
    const { queue, dir } = await makeQueue(
      r,
      settings({}, { maxConcurrentDispatches: 3, maxDispatchesPerSecond: 500 }),
    );
    for (let i = 0; i < 12; i++)
      await queue.enqueue({ name: `burst-${i}`, scheduleTime: new Date(), payload: {} as never });
    await queue.idle();
    expect(r.delivered).toHaveLength(12);
    expect(peak).toBeLessThanOrEqual(3);
    await queue.stop();
    queue.close();
    r.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test.each([
    ['first retry waits the minimum', 1, 10_000],
    ['then doubles', 2, 20_000],
    ['up to maxDoublings', 5, 160_000],
    ['then grows linearly, capped at the maximum', 9, 300_000],
  ])('backoff: %s', (_name, attempt, ms) => {
    expect(
      backoffMs(
        { maxAttempts: 5, maxRetryDurationSeconds: 0, minBackoffSeconds: 10, maxBackoffSeconds: 300, maxDoublings: 4 },
        attempt,
      ),
    ).toBe(ms);
  });
});

describe('what Cloud Tasks refuses, the stand-in refuses', () => {
  test.each([
    ['a schedule time more than 30 days ahead', { scheduleTime: new Date(Date.now() + 31 * 86_400_000) }, /30 days/],
    ['a task id with other characters', { name: 'run/1' }, /A-Za-z0-9_-/],
    ['a task over 1 MB', { payload: { blob: 'x'.repeat(1024 * 1024) } }, /1 MB/],
  ])('%s, creating nothing', async (_name, change, message) => {
    const r = await receiver();
    const { queue, dir } = await makeQueue(r);
    const task = { name: 'fine', scheduleTime: new Date(), payload: {} as never, ...change } as never;
    await expect(queue.enqueue(task)).rejects.toMatchObject({ code: 'internal', retryable: false, message });
    expect(queue.pendingCount()).toBe(0);
    await queue.stop();
    queue.close();
    r.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a name is taken for an hour after its task ran', async () => {
    const r = await receiver();
    const { queue, dir, clock } = await makeQueue(r);
    await queue.enqueue({ name: 'once', scheduleTime: clock.now(), payload: {} as never });
    await queue.idle();
    expect(await queue.enqueue({ name: 'once', scheduleTime: clock.now(), payload: {} as never })).toBe('exists');
    clock.advance(61 * 60_000);
    expect(await queue.enqueue({ name: 'once', scheduleTime: clock.now(), payload: {} as never })).toBe('created');
    await queue.stop();
    queue.close();
    r.server.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

test('each attempt carries the retry and execution counts, the previous response and the retry reason', async () => {
  const seen: Record<string, string | undefined>[] = [];
  const answers = [503, 429, 200];
  const server = createServer((req, res) => {
    const h = req.headers;
    seen.push({
      retry: h['x-cloudtasks-taskretrycount'] as string,
      executions: h['x-cloudtasks-taskexecutioncount'] as string,
      previous: h['x-cloudtasks-taskpreviousresponse'] as string | undefined,
      reason: h['x-cloudtasks-taskretryreason'] as string | undefined,
      eta: h['x-cloudtasks-tasketa'] as string,
      queue: h['x-cloudtasks-queuename'] as string,
      agent: h['user-agent'] as string,
    });
    req.resume();
    res.writeHead(answers[seen.length - 1] ?? 200).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const r = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    delivered: [],
    answer: () => 200,
    server,
  };
  const { queue, dir, clock } = await makeQueue(r, settings({ minBackoffSeconds: 1, maxBackoffSeconds: 1 }));
  const eta = new Date(Math.floor(clock.now().getTime() / 1000) * 1000);
  await queue.enqueue({ name: 'counted', scheduleTime: eta, payload: {} as never });
  for (let i = 0; i < 3; i++) {
    await queue.idle();
    clock.advance(1_100);
  }
  await queue.idle();
  expect(seen).toEqual([
    {
      retry: '0',
      executions: '0',
      previous: undefined,
      reason: undefined,
      eta: (eta.getTime() / 1000).toFixed(6),
      queue: 'agent-runs',
      agent: 'Google-Cloud-Tasks',
    },
    // A 5xx is a response the execution count leaves out.
    {
      retry: '1',
      executions: '0',
      previous: '503',
      reason: 'HTTP 503',
      eta: expect.any(String),
      queue: 'agent-runs',
      agent: 'Google-Cloud-Tasks',
    },
    {
      retry: '2',
      executions: '1',
      previous: '429',
      reason: 'HTTP 429',
      eta: expect.any(String),
      queue: 'agent-runs',
      agent: 'Google-Cloud-Tasks',
    },
  ]);
  await queue.stop();
  queue.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
});

test('a worker slower than the dispatch deadline is a failed attempt, retried, and the worker is not stopped', async () => {
  let finished = 0;
  const r = await receiver();
  r.server.removeAllListeners('request');
  r.server.on('request', (req, res) => {
    req.resume();
    r.delivered.push({ body: {}, authorization: undefined, taskName: undefined, at: Date.now() });
    // The first attempt outlives the deadline (Cloud Tasks' is 15 s at least; shortened here).
    const hold = r.delivered.length === 1 ? 600 : 0;
    setTimeout(() => {
      finished++;
      res.writeHead(200).end();
    }, hold);
  });
  const s = settings({ minBackoffSeconds: 0.05, maxBackoffSeconds: 0.05 });
  const { queue, dir } = await makeQueue(r, { ...s, dispatchDeadlineSeconds: 0.2 });
  await queue.enqueue({ name: 'slow', scheduleTime: new Date(), payload: {} as never });
  await queue.idle();
  await new Promise((ok) => setTimeout(ok, 700));
  expect(r.delivered).toHaveLength(2);
  // Both attempts ran to their end: the deadline ends the wait, not the work.
  expect(finished).toBe(2);
  expect(queue.pendingCount()).toBe(0);
  await queue.stop();
  queue.close();
  r.server.close();
  rmSync(dir, { recursive: true, force: true });
});
