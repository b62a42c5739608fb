/**
 * The sweeper behind `tick` (every minute): it makes sure every due run has a
 * task, and that no run stays queued or running forever.
 *
 * 1. Agents whose next run, due now or within the lookahead, has no execution
 *    yet: marked by `unqueuedRunAt` (runs/unqueued.ts), so the query returns
 *    only those, never the agents whose run is queued already; a tick with
 *    nothing to do reads one empty query. Each gets its execution in the same
 *    transaction that read it (one read per agent), then its task (this is also
 *    how runs more than 30 days ahead finally enter Cloud Tasks). If the
 *    platform was down across several scheduled times, the agent runs once, for
 *    the latest, and the run records how many it skipped.
 * 2. Unfinished executions past `staleAfter` (task lost, worker crashed past its
 *    lease): re-enqueued under a fresh task name, caught up, or failed once they
 *    have had their attempts. A failed run still schedules the next one.
 *
 * Everything is idempotent (named tasks, transactions), so a tick delivered
 * twice, or two ticks at once, enqueue each run once.
 */
import type { AgentDoc } from '@agent-platform/core/agent';
import { ConflictError } from '@agent-platform/core/errors';
import type { Transaction } from '@agent-platform/core/ports';
import { type ExecutionDoc, runEvent } from '@agent-platform/core/runs';
import { latestMissed, nextRunAt } from '@agent-platform/core/schedule';
import { readLedger } from '../money/ledger';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import { agents, listUnqueuedAgents } from '../store/agents';
import type { Doc } from '../store/collection';
import { executions, listStaleExecutions } from '../store/executions';
import { appendEvents, clipError } from './bounds';
import { endStaleRun, staleCode } from './claim';
import { enqueueRunTask, enqueueScheduledAt, queueGraceMs, requeueExecution, scheduledRun } from './enqueue';
import { writeFinish } from './finish';
import { scheduledExecutionId } from './ids';
import { unqueuedMark } from './unqueued';
import { enqueueNext } from './worker';

/** Due agents and stale runs handled per tick; the next tick takes the rest. */
export const DUE_BATCH = 500;
export const STALE_BATCH = 200;
/** Due agents per transaction: each costs two writes (its execution and its mark), well under a commit's 500. */
const DUE_PER_COMMIT = 100;
const CONCURRENCY = 16;

export interface SweepReport {
  /** Tasks created by this tick. */
  enqueued: number;
  due: number;
  caughtUp: number;
  stale: number;
  requeued: number;
  failed: number;
}

export async function sweep(deps: Adapters): Promise<SweepReport> {
  const report: SweepReport = { enqueued: 0, due: 0, caughtUp: 0, stale: 0, requeued: 0, failed: 0 };
  const now = deps.now();
  const horizon = new Date(now.getTime() + deps.config.tick.lookaheadMinutes * 60_000);

  await enqueueUnqueued(deps, now, horizon, report);

  const stale = await listStaleExecutions(deps.store, now, STALE_BATCH);
  report.stale = stale.length;
  await forEach(stale, async (exec) => {
    try {
      await recoverStale(deps, exec.id, report);
    } catch (err) {
      log.warn('sweeper could not recover a stale run', { executionId: exec.id, err });
    }
  });
  if (report.enqueued || report.stale) log.info('tick', { ...report });
  return report;
}

type Planned = { agentId: string; run: ReturnType<typeof scheduledRun> | null; skipped: number };

/** Gives every marked agent's due run its execution (in batches, one read each), then its task. */
async function enqueueUnqueued(deps: Adapters, now: Date, horizon: Date, report: SweepReport): Promise<void> {
  while (report.due < DUE_BATCH) {
    const size = Math.min(DUE_PER_COMMIT, DUE_BATCH - report.due);
    let planned: Planned[];
    try {
      planned = await deps.store.runTransaction((tx) => planBatch(tx, deps, now, horizon, size));
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      // Some run has its execution already (an enqueue stopped between its two writes): one by one.
      const due = await listUnqueuedAgents(deps.store, horizon, size);
      report.due += due.length;
      await forEach(due, (agent) => ensureTask(deps, agent, now, report));
      if (due.length < size) return;
      continue;
    }
    report.due += planned.length;
    await forEach(planned, async ({ agentId, run, skipped }) => {
      if (!run) return;
      if (skipped > 0) report.caughtUp++;
      try {
        if (await enqueueRunTask(deps, run.id, run.doc, run.runAt)) report.enqueued++;
      } catch (err) {
        // The execution is there: the stale sweep queues it again once it passes its staleAfter.
        log.warn('sweeper could not enqueue a due run', { agentId, err });
      }
    });
    if (planned.length < size) return;
  }
}

/** In one transaction: finds marked agents, creates each due run's execution and clears the mark. */
async function planBatch(tx: Transaction, deps: Adapters, now: Date, horizon: Date, size: number): Promise<Planned[]> {
  const due = await listUnqueuedAgents(tx, horizon, size);
  return due.map((agent) => {
    const { nextRunAt, schedule, status, userId } = agent.data;
    if (status !== 'active' || !schedule || !nextRunAt) {
      agents.update(tx, agent.id, { unqueuedRunAt: null }); // nothing to run: a mark left behind
      return { agentId: agent.id, run: null, skipped: 0 };
    }
    const { latest, skipped } = latestMissed(schedule, new Date(nextRunAt), now);
    const run = scheduledRun(deps, { agentId: agent.id, userId, scheduledFor: latest, skippedRuns: skipped });
    executions.create(tx, run.id, run.doc);
    agents.update(tx, agent.id, {
      unqueuedRunAt: null,
      ...(skipped > 0 ? { nextRunAt: latest.toISOString() } : {}),
    });
    return { agentId: agent.id, run, skipped };
  });
}

/**
 * One marked agent on its own, when a batch found an execution there already:
 * moves a finished run's agent on, otherwise (re)queues the run, clearing the mark.
 */
async function ensureTask(deps: Adapters, agent: Doc<AgentDoc>, now: Date, report: SweepReport) {
  try {
    await ensureTaskOf(deps, agent, now, report);
  } catch (err) {
    log.warn('sweeper could not enqueue a due run', { agentId: agent.id, err });
  }
}

async function ensureTaskOf(deps: Adapters, agent: Doc<AgentDoc>, now: Date, report: SweepReport) {
  const { nextRunAt, schedule, userId, status } = agent.data;
  if (status !== 'active' || !nextRunAt || !schedule) {
    await deps.store.runTransaction(async (tx) => {
      if ((await agents.get(tx, agent.id))?.data.unqueuedRunAt) agents.update(tx, agent.id, { unqueuedRunAt: null });
    });
    return;
  }
  const existing = await executions.get(deps.store, scheduledExecutionId(agent.id, nextRunAt));
  if (existing) {
    // Finished but the agent never moved on (a crash between the two): move it on now.
    if (existing.data.status === 'success' || existing.data.status === 'failed') {
      await advance(deps, agent, now, report);
      return;
    }
    // Queued or running: asking again clears the mark, and queues the task if it was lost.
    const { enqueued } = await enqueueScheduledAt(deps, {
      agentId: agent.id,
      userId,
      scheduledFor: new Date(nextRunAt),
    });
    if (enqueued) report.enqueued++;
    return;
  }
  const { latest, skipped } = latestMissed(schedule, new Date(nextRunAt), now);
  if (skipped > 0 && !(await moveNextRun(deps, agent.id, nextRunAt, latest))) return;
  const { enqueued } = await enqueueScheduledAt(deps, {
    agentId: agent.id,
    userId,
    scheduledFor: latest,
    skippedRuns: skipped,
  });
  if (enqueued) report.enqueued++;
  if (skipped > 0) report.caughtUp++;
}

/** Sets the agent's `nextRunAt` from `from` to `to` unless it changed meanwhile. */
async function moveNextRun(deps: Adapters, agentId: string, from: string, to: Date): Promise<boolean> {
  return deps.store.runTransaction(async (tx) => {
    const agent = await agents.get(tx, agentId);
    if (agent?.data.status !== 'active' || agent.data.nextRunAt !== from) return false;
    agents.update(tx, agentId, { nextRunAt: to.toISOString(), ...unqueuedMark('active', to.toISOString()) });
    return true;
  });
}

async function advance(deps: Adapters, agent: Doc<AgentDoc>, now: Date, report: SweepReport) {
  const { schedule, nextRunAt: current } = agent.data;
  if (!schedule || !current) return;
  const next = nextRunAt(schedule, new Date(Math.max(now.getTime(), Date.parse(current))));
  if (!next) return;
  if (!(await moveNextRun(deps, agent.id, current, next))) return;
  const { enqueued } = await enqueueScheduledAt(deps, {
    agentId: agent.id,
    userId: agent.data.userId,
    scheduledFor: next,
  });
  if (enqueued) report.enqueued++;
}

type Recovery =
  | { kind: 'none' }
  | { kind: 'requeue'; exec: ExecutionDoc; requeues: number }
  | { kind: 'catchUp'; agentId: string; userId: string; latest: Date; skipped: number }
  | { kind: 'failed'; finish: ReturnType<typeof writeFinish> | null };

/** Decides, in a transaction, what becomes of an execution past its `staleAfter`. */
async function recoverStale(deps: Adapters, id: string, report: SweepReport): Promise<void> {
  const maxAttempts = Math.max(1, deps.config.queue.retryConfig.maxAttempts);
  const recovery = await deps.store.runTransaction<Recovery>(async (tx) => {
    const now = deps.now();
    const found = await executions.get(tx, id);
    const exec = found?.data;
    if (!exec || exec.status === 'success' || exec.status === 'failed') return { kind: 'none' };
    if (!exec.staleAfter || Date.parse(exec.staleAfter) > now.getTime()) return { kind: 'none' };
    const agent = exec.agentId ? await agents.get(tx, exec.agentId) : null;
    const ledger = await readLedger(tx, { config: deps.config, now }, exec.userId);
    const ctx = { id, exec, agent, ledger, now, config: deps.config };
    const at = now.toISOString();

    const staleAs = staleCode(exec, agent);
    if (staleAs) {
      endStaleRun(tx, ctx, staleAs);
      return { kind: 'failed', finish: null };
    }

    // Never started and later times have passed too: the platform was down. Run once, for the latest.
    if (exec.trigger === 'schedule' && exec.attempt === 0 && agent?.data.schedule) {
      const { latest, skipped } = latestMissed(agent.data.schedule, new Date(exec.scheduledFor), now);
      if (skipped > 0) {
        executions.delete(tx, id);
        agents.update(tx, agent.id, {
          nextRunAt: latest.toISOString(),
          ...unqueuedMark('active', latest.toISOString()),
        });
        return { kind: 'catchUp', agentId: agent.id, userId: exec.userId, latest, skipped: skipped + exec.skippedRuns };
      }
    }

    if (exec.attempt >= maxAttempts || exec.requeues >= maxAttempts) {
      const gaveUp = runEvent(
        at,
        exec.attempt > 0 ? { code: 'gave_up', params: { attempts: exec.attempt } } : { code: 'not_started' },
      );
      const reason = gaveUp.message;
      const finish = writeFinish(tx, ctx, {
        status: 'failed',
        error: clipError(exec.error ? `${exec.error} ${reason}` : reason),
        events: appendEvents(exec.events, gaveUp),
      });
      return { kind: 'failed', finish };
    }

    const requeues = exec.requeues + 1;
    const lost = runEvent(at, { code: exec.status === 'running' ? 'worker_lost' : 'task_lost' });
    executions.update(tx, id, {
      requeues,
      staleAfter: new Date(now.getTime() + queueGraceMs(deps)).toISOString(),
      events: appendEvents(exec.events, lost),
    });
    return { kind: 'requeue', exec, requeues };
  });

  switch (recovery.kind) {
    case 'requeue':
      await requeueExecution(deps, id, recovery.exec, recovery.requeues);
      report.requeued++;
      report.enqueued++;
      return;
    case 'catchUp': {
      const { enqueued } = await enqueueScheduledAt(deps, {
        agentId: recovery.agentId,
        userId: recovery.userId,
        scheduledFor: recovery.latest,
        skippedRuns: recovery.skipped,
      });
      report.caughtUp++;
      if (enqueued) report.enqueued++;
      return;
    }
    case 'failed':
      report.failed++;
      if (recovery.finish) await enqueueNext(deps, recovery.finish);
      return;
  }
}

async function forEach<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}
