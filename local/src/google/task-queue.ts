/**
 * The Cloud Tasks stand-in: a persistent delayed queue that delivers each task
 * as the same HTTP request Cloud Tasks would (POST, JSON body, an OIDC token for
 * the invoker account, the X-CloudTasks-* headers) to its private worker, with
 * the rate, retry and backoff settings Terraform applies to the real queue
 * (config/queue.json for runs, config/turn-queue.json for chat turns). It
 * refuses what Cloud Tasks refuses: a schedule time more than 30 days ahead, a
 * task over 1 MB, a malformed name, a name used within the last hour
 * (https://cloud.google.com/tasks/docs/quotas,
 * https://cloud.google.com/tasks/docs/reference/rest/v2/projects.locations.queues.tasks/create).
 *
 * Tasks live in SQLite beside the store, so queued runs survive a restart; a
 * task that was being delivered when the process died is delivered again
 * (at-least-once, as with Cloud Tasks).
 */
import { DatabaseSync } from 'node:sqlite';
import { NonRetriableError } from '@agent-platform/core/errors';
import {
  MAX_SCHEDULE_AHEAD_MS,
  MAX_TASK_BYTES,
  type Task,
  type TaskQueue,
  type TaskTarget,
} from '@agent-platform/core/ports';
import type { QueueSettings } from '@agent-platform/functions/host';
import { log } from '@agent-platform/functions/host';
import type { StackClock } from '../clock';
import { statementCache } from '../sqlite-statements';

/** Cloud Tasks refuses a reused task name for about an hour after the task ends. */
const NAME_RESERVED_MS = 60 * 60 * 1000;
const TASK_NAME = /^[A-Za-z0-9_-]{1,500}$/;
const PUMP_INTERVAL_MS = 50;

interface TaskRow {
  name: string;
  payload: string;
  schedule_time: number;
  attempts: number;
  first_attempt_at: number | null;
  /** Responses received that were not 5xx (Cloud Tasks' execution count). */
  executions: number;
  /** The previous attempt's HTTP status, or its failure ("DEADLINE_EXCEEDED", "UNAVAILABLE"). */
  last_response: string | null;
}

export interface LocalTaskQueueOptions {
  file: string;
  settings: QueueSettings;
  clock: StackClock;
  /** The worker this queue's tasks go to (`runAgent`, `chatTurn`). */
  targetName?: TaskTarget;
  /** Where tasks go and the OIDC token they carry (fresh for each delivery). */
  target: () => { url: string; token: string };
}

/** A task as this queue takes it: its target, when given, must be the queue's own. */
export type QueuedTask = Omit<Task, 'target'> & { target?: TaskTarget };

export class LocalTaskQueue implements TaskQueue {
  private readonly db: DatabaseSync;
  private readonly statement: ReturnType<typeof statementCache>;
  private readonly inFlight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private dispatchTimes: number[] = [];
  private stopped = false;

  constructor(private readonly options: LocalTaskQueueOptions) {
    this.db = new DatabaseSync(options.file);
    this.statement = statementCache(this.db);
    this.db.exec(`
      PRAGMA journal_mode = WAL;
      -- As the store: a committed task survives a crash of the process without an fsync per write.
      PRAGMA synchronous = NORMAL;
      PRAGMA busy_timeout = 5000;
      CREATE TABLE IF NOT EXISTS tasks (
        name TEXT PRIMARY KEY,
        payload TEXT NOT NULL,
        schedule_time INTEGER NOT NULL,
        next_attempt INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        first_attempt_at INTEGER,
        state TEXT NOT NULL DEFAULT 'pending',
        finished_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS tasks_due ON tasks (state, next_attempt);
    `);
    // Columns added later: a task file written before them gets them here.
    const columns = new Set(
      (this.db.prepare('PRAGMA table_info(tasks)').all() as { name: string }[]).map((c) => c.name),
    );
    if (!columns.has('executions')) this.db.exec('ALTER TABLE tasks ADD COLUMN executions INTEGER NOT NULL DEFAULT 0');
    if (!columns.has('last_response')) this.db.exec('ALTER TABLE tasks ADD COLUMN last_response TEXT');
    if (!columns.has('draw')) this.db.exec('ALTER TABLE tasks ADD COLUMN draw REAL NOT NULL DEFAULT 0');
  }

  async enqueue(task: QueuedTask): Promise<'created' | 'exists'> {
    const now = this.options.clock.now().getTime();
    this.refuseInvalid(task, now);
    const existing = this.statement('SELECT state, finished_at FROM tasks WHERE name = ?').get(task.name) as
      | { state: string; finished_at: number | null }
      | undefined;
    if (existing && (existing.state === 'pending' || now - (existing.finished_at ?? now) < NAME_RESERVED_MS)) {
      return 'exists';
    }
    const when = task.scheduleTime.getTime();
    this.statement(
      `INSERT INTO tasks (name, payload, schedule_time, next_attempt, attempts, state, executions, last_response, draw)
         VALUES (?, ?, ?, ?, 0, 'pending', 0, NULL, ?)
         ON CONFLICT(name) DO UPDATE SET payload = excluded.payload, schedule_time = excluded.schedule_time,
           next_attempt = excluded.next_attempt, attempts = 0, first_attempt_at = NULL, state = 'pending',
           finished_at = NULL, executions = 0, last_response = NULL, draw = excluded.draw`,
    ).run(task.name, JSON.stringify(task.payload), when, when, Math.random());
    return 'created';
  }

  /** What Cloud Tasks answers INVALID_ARGUMENT to; our code never sends it, so it is a bug when it does. */
  private refuseInvalid(task: QueuedTask, now: number): void {
    const refuse = (why: string) => new NonRetriableError(`Cloud Tasks refused the task ${task.name}: ${why}`);
    if (task.target && this.options.targetName && task.target !== this.options.targetName) {
      throw refuse(`it is for ${task.target}, not this queue's ${this.options.targetName}.`);
    }
    if (!TASK_NAME.test(task.name)) throw refuse('a task id is 1–500 of [A-Za-z0-9_-].');
    if (task.scheduleTime.getTime() - now > MAX_SCHEDULE_AHEAD_MS) {
      throw refuse('its schedule time is more than 30 days ahead.');
    }
    if (Buffer.byteLength(JSON.stringify(task.payload)) > MAX_TASK_BYTES) throw refuse('it is larger than 1 MB.');
  }

  /** Starts delivering due tasks. */
  start(): void {
    this.stopped = false;
    this.timer ??= setInterval(() => this.pump(), PUMP_INTERVAL_MS);
  }

  /** Stops taking new tasks and waits for deliveries under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  close(): void {
    this.db.close();
  }

  /** Tasks not yet delivered successfully nor given up on. */
  pendingCount(): number {
    return (this.statement("SELECT COUNT(*) AS n FROM tasks WHERE state = 'pending'").get() as { n: number }).n;
  }

  /** Resolves when no task is due and none is being delivered (tests). */
  async idle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const due = this.statement("SELECT COUNT(*) AS n FROM tasks WHERE state = 'pending' AND next_attempt <= ?").get(
        this.options.clock.now().getTime(),
      ) as { n: number };
      if (due.n === 0 && this.inFlight.size === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('The task queue did not become idle in time.');
  }

  private pump(): void {
    if (this.stopped) return;
    const { maxConcurrentDispatches, maxDispatchesPerSecond } = this.options.settings.rateLimits;
    const now = this.options.clock.now().getTime();
    const second = Date.now() - 1000;
    this.dispatchTimes = this.dispatchTimes.filter((t) => t > second);
    const room = Math.min(
      maxConcurrentDispatches - this.inFlight.size,
      Math.floor(maxDispatchesPerSecond - this.dispatchTimes.length),
    );
    if (room <= 0) return;
    // Cloud Tasks keeps no order among tasks that are due, not even oldest first
    // (https://cloud.google.com/tasks/docs/common-pitfalls#execution_order): the stand-in
    // takes them in the random order each task drew when it was queued, so nothing
    // here can come to rely on first-in, first-out.
    const due = this.statement(
      `SELECT name, payload, schedule_time, attempts, first_attempt_at, executions, last_response FROM tasks
         WHERE state = 'pending' AND next_attempt <= ? ORDER BY draw LIMIT ?`,
    ).all(now, room + this.inFlightNames.size) as unknown as TaskRow[];
    for (const row of due) {
      if (this.inFlightNames.has(row.name)) continue;
      if (this.inFlight.size >= maxConcurrentDispatches) break;
      this.dispatchTimes.push(Date.now());
      this.inFlightNames.add(row.name);
      const delivery = this.deliver(row).finally(() => {
        this.inFlight.delete(delivery);
        this.inFlightNames.delete(row.name);
      });
      this.inFlight.add(delivery);
    }
  }

  private readonly inFlightNames = new Set<string>();

  private async deliver(row: TaskRow): Promise<void> {
    const { settings, clock, target } = this.options;
    const attempt = row.attempts + 1;
    const firstAttemptAt = row.first_attempt_at ?? clock.now().getTime();
    const { url, token } = target();
    let status = 0;
    let failure = 'UNAVAILABLE';
    let retryAfterMs = 0;
    // The headers Cloud Tasks adds (https://cloud.google.com/tasks/docs/creating-http-target-tasks#handler):
    // the retry count counts every earlier attempt, the execution count only those that got a non-5xx answer.
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': 'Google-Cloud-Tasks',
      Authorization: `Bearer ${token}`,
      'X-CloudTasks-QueueName': settings.name,
      'X-CloudTasks-TaskName': row.name,
      'X-CloudTasks-TaskRetryCount': String(row.attempts),
      'X-CloudTasks-TaskExecutionCount': String(row.executions),
      'X-CloudTasks-TaskETA': (row.schedule_time / 1000).toFixed(6),
    };
    if (row.last_response) {
      headers['X-CloudTasks-TaskPreviousResponse'] = /^\d+$/.test(row.last_response) ? row.last_response : '0';
      headers['X-CloudTasks-TaskRetryReason'] = /^\d+$/.test(row.last_response)
        ? `HTTP ${row.last_response}`
        : row.last_response;
    }
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers,
        body: row.payload,
        signal: AbortSignal.timeout(settings.dispatchDeadlineSeconds * 1000),
      });
      status = res.status;
      retryAfterMs = retryAfterOf(res.headers.get('retry-after'));
      await res.arrayBuffer();
    } catch (err) {
      // Past the dispatch deadline the attempt fails, but the worker is not stopped (it may still finish).
      failure = err instanceof Error && err.name === 'TimeoutError' ? 'DEADLINE_EXCEEDED' : 'UNAVAILABLE';
      log.warn('task delivery failed', { task: row.name, attempt, failure, err });
    }
    const now = clock.now().getTime();
    const executions = row.executions + (status > 0 && status < 500 ? 1 : 0);
    if (status >= 200 && status < 300) {
      this.statement("UPDATE tasks SET state = 'done', attempts = ?, finished_at = ? WHERE name = ?").run(
        attempt,
        now,
        row.name,
      );
      return;
    }
    const { maxAttempts, maxRetryDurationSeconds } = settings.retryConfig;
    // Like Cloud Tasks, give up only when both limits are reached (a limit of -1 / 0 means none).
    const attemptsDone = maxAttempts >= 0 && attempt >= maxAttempts;
    const durationDone = maxRetryDurationSeconds > 0 && now - firstAttemptAt >= maxRetryDurationSeconds * 1000;
    if (attemptsDone && (durationDone || maxRetryDurationSeconds === 0)) {
      log.error('task dropped after its last attempt', { task: row.name, attempt, status });
      this.statement(
        "UPDATE tasks SET state = 'failed', attempts = ?, executions = ?, finished_at = ? WHERE name = ?",
      ).run(attempt, executions, now, row.name);
      return;
    }
    // Cloud Tasks honours Retry-After (a run whose lease is still live says when it lapses).
    const next = now + Math.max(backoffMs(settings.retryConfig, attempt), retryAfterMs);
    this.statement(
      'UPDATE tasks SET attempts = ?, executions = ?, last_response = ?, first_attempt_at = ?, next_attempt = ? WHERE name = ?',
    ).run(attempt, executions, status > 0 ? String(status) : failure, firstAttemptAt, next, row.name);
  }
}

/** A `Retry-After` header in seconds as milliseconds (0 when absent or not a number of seconds). */
function retryAfterOf(header: string | null): number {
  const seconds = Number(header);
  return header && Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
}

/** Cloud Tasks' backoff: doubling from minBackoff `maxDoublings` times, then linear, capped at maxBackoff. */
export function backoffMs(retry: QueueSettings['retryConfig'], attempt: number): number {
  const { minBackoffSeconds, maxBackoffSeconds, maxDoublings } = retry;
  const doublings = Math.min(attempt - 1, maxDoublings);
  const doubled = minBackoffSeconds * 2 ** doublings;
  const linear = attempt - 1 > maxDoublings ? (attempt - 1 - maxDoublings) * minBackoffSeconds * 2 ** maxDoublings : 0;
  return Math.min(maxBackoffSeconds, doubled + linear) * 1000;
}

/** The Tasks stand-in as the functions see it: one queue per worker, each task to its target's queue. */
export class LocalTasks implements TaskQueue {
  constructor(private readonly queues: Record<TaskTarget, LocalTaskQueue>) {}

  enqueue(task: Task): Promise<'created' | 'exists'> {
    return this.queues[task.target].enqueue(task);
  }

  /** The queue of one worker. */
  queue(target: TaskTarget): LocalTaskQueue {
    return this.queues[target];
  }

  /** Resolves when no queue has a task due or under way. */
  async idle(timeoutMs?: number): Promise<void> {
    await Promise.all(Object.values(this.queues).map((q) => q.idle(timeoutMs)));
  }
}
