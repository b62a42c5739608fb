/**
 * The claim: in one transaction, move an execution from queued (or running with
 * an expired lease) to running under a fresh lease, so that however many times a
 * task is delivered, at once or later, exactly one delivery runs the model.
 * The same transaction drops stale tasks, gives up after the last attempt,
 * holds the first model call's worst case against every budget that applies
 * (money/ledger.ts) and refuses the run when it does not fit: those end here,
 * before any model call. A user's runs past `USER_MAX_CONCURRENT_RUNS` wait
 * their turn instead.
 */
import type { AgentDoc } from '@agent-platform/core/agent';
import { autoId, type RunTaskPayload, type Transaction } from '@agent-platform/core/ports';
import {
  type ExecutionDoc,
  englishText,
  type RunEventCode,
  type RunEventInput,
  runEvent,
} from '@agent-platform/core/runs';
import { latestMissed } from '@agent-platform/core/schedule';
import { refusalFor, runsUnderWay } from '../money/budgets';
import { hold, readLedger } from '../money/ledger';
import { BudgetRefusedError } from '../money/refusal';
import type { Adapters } from '../shared/factory';
import { agents } from '../store/agents';
import type { Doc } from '../store/collection';
import { executions, newExecution } from '../store/executions';
import { users } from '../store/users';
import { appendEvents } from './bounds';
import { queueGraceMs } from './enqueue';
import { type FinishContext, type FinishResult, writeFinish } from './finish';
import { scheduledExecutionId } from './ids';
import { askThatFits, callAsk, holdUntil, runStartOf } from './run-holds';

export type ClaimResult =
  | { kind: 'missing' }
  | { kind: 'mismatch'; exec: ExecutionDoc }
  | { kind: 'early'; earlyMs: number }
  | { kind: 'finished'; exec: ExecutionDoc }
  | { kind: 'busy'; leaseUntil: string }
  | { kind: 'stale'; reason: string }
  | { kind: 'ended'; reason: string; finish: FinishResult }
  | { kind: 'superseded'; executionId: string; skipped: number }
  /** The user has `USER_MAX_CONCURRENT_RUNS` runs under way: come back in `retryAfterSeconds`. */
  | { kind: 'wait'; retryAfterSeconds: number }
  | {
      kind: 'claimed';
      exec: ExecutionDoc;
      agent: Doc<AgentDoc> | null;
      leaseId: string;
      attempt: number;
      /** When the lease was taken: the running delivery renews it from here (progress.ts). */
      claimedAt: Date;
      /** The previous run's result, given to the model as context (null for a test run or none). */
      previousResult: string | null;
      /** Until when this attempt's budget hold lasts: the attempt's timeout, and a margin. */
      holdUntil: Date;
      /** What the claim held: a workspace session may spend this less one turn (workspace/worst-case.ts). */
      heldUsd: number;
    };

type Deps = Pick<Adapters, 'store' | 'config' | 'now'>;

export type StaleCode = Extract<RunEventCode, `stale_${string}`>;

/** Why a scheduled or manual run no longer fits its agent, as a run-log code; null when it still fits. */
export function staleCode(exec: ExecutionDoc, agent: Doc<AgentDoc> | null): StaleCode | null {
  if (exec.trigger === 'test') return exec.draft ? null : 'stale_no_draft';
  if (!agent) return 'stale_agent_deleted';
  if (agent.data.userId !== exec.userId) return 'stale_agent_foreign';
  if (exec.trigger === 'manual') return null;
  if (agent.data.status !== 'active') return 'stale_agent_paused';
  if (!agent.data.nextRunAt || Date.parse(agent.data.nextRunAt) !== Date.parse(exec.scheduledFor)) {
    return 'stale_schedule_changed';
  }
  return null;
}

/**
 * Ends a run that no longer fits its agent: one that never started simply is
 * not a run any more (removed); one that started is kept, as failed with the
 * reason. Returns the reason's English text.
 */
export function endStaleRun(tx: Transaction, ctx: FinishContext, staleAs: StaleCode): string {
  const stale = englishText(staleAs);
  if (ctx.exec.attempt === 0) {
    executions.delete(tx, ctx.id);
    return stale;
  }
  writeFinish(tx, ctx, {
    status: 'failed',
    deliver: false,
    error: stale,
    events: appendEvents(ctx.exec.events, runEvent(ctx.now.toISOString(), { code: staleAs })),
  });
  return stale;
}

/**
 * How early a delivery may come before its run's time and still run it. Cloud
 * Tasks dispatches at or after `scheduleTime`; earlier means a task made wrong,
 * which is told to come back when the run is due.
 */
export const EARLY_GRACE_MS = 30_000;

/**
 * Claims the execution. Given the task that delivered it, the same read first
 * refuses a task that does not match its run (`mismatch`) or came before its
 * time (`early`), so a delivery reads the execution once.
 */
export async function claimExecution(
  deps: Deps,
  executionId: string,
  task?: Pick<RunTaskPayload, 'agentId' | 'userId' | 'trigger'>,
): Promise<ClaimResult> {
  const maxAttempts = Math.max(1, deps.config.queue.retryConfig.maxAttempts);
  return deps.store.runTransaction<ClaimResult>(async (tx) => {
    const now = deps.now();
    const found = await executions.get(tx, executionId);
    if (!found) return { kind: 'missing' };
    const exec = found.data;
    if (task) {
      // A guest's queued tasks still name the guest after a merge into an account.
      const sameUser =
        exec.userId === task.userId || (await users.get(tx, task.userId))?.data.mergedInto === exec.userId;
      if (exec.agentId !== task.agentId || exec.trigger !== task.trigger || !sameUser)
        return { kind: 'mismatch', exec };
      const earlyMs = Date.parse(exec.scheduledFor) - EARLY_GRACE_MS - now.getTime();
      if (earlyMs > 0) return { kind: 'early', earlyMs };
    }
    if (exec.status === 'success' || exec.status === 'failed') return { kind: 'finished', exec };
    if (exec.status === 'running' && exec.leaseUntil && Date.parse(exec.leaseUntil) > now.getTime()) {
      return { kind: 'busy', leaseUntil: exec.leaseUntil };
    }
    const agent = exec.agentId ? await agents.get(tx, exec.agentId) : null;
    const ledger = await readLedger(tx, { config: deps.config, now }, exec.userId);
    const ctx = { id: executionId, exec, agent, ledger, now, config: deps.config };
    const at = now.toISOString();

    const staleAs = staleCode(exec, agent);
    if (staleAs) return { kind: 'stale', reason: endStaleRun(tx, ctx, staleAs) };

    // Delivered after later scheduled times passed too (the platform was down): this run becomes
    // the one for the latest time, recording how many it skipped; the caller claims that one.
    if (exec.trigger === 'schedule' && exec.attempt === 0 && agent?.data.schedule) {
      const { latest, skipped } = latestMissed(agent.data.schedule, new Date(exec.scheduledFor), now);
      if (skipped > 0) {
        const latestId = scheduledExecutionId(agent.id, latest);
        const already = await executions.get(tx, latestId);
        executions.delete(tx, executionId);
        if (already) return { kind: 'stale', reason: 'A later run took its place.' };
        const total = skipped + exec.skippedRuns;
        const doc = newExecution({
          userId: exec.userId,
          agentId: agent.id,
          trigger: 'schedule',
          scheduledFor: latest,
          model: null,
          now,
          staleAfter: new Date(now.getTime() + queueGraceMs(deps)),
          skippedRuns: total,
          events: [runEvent(at, { code: 'skipped', params: { count: total } })],
        });
        executions.create(tx, latestId, doc);
        agents.update(tx, agent.id, { nextRunAt: latest.toISOString(), unqueuedRunAt: null });
        return { kind: 'superseded', executionId: latestId, skipped: total };
      }
    }

    if (exec.attempt >= maxAttempts) {
      const reason = `The run did not finish after ${exec.attempt} attempts; it was given up. The next scheduled run is not affected.`;
      const finish = writeFinish(tx, ctx, {
        status: 'failed',
        error: exec.error ?? reason,
        events: appendEvents(
          exec.events,
          runEvent(at, { code: 'gave_up', params: { attempts: exec.attempt }, message: reason }),
        ),
      });
      return { kind: 'ended', reason, finish };
    }

    const previousResult = await previousResultOf(tx, exec, agent);
    const model = exec.draft?.model ?? agent?.data.model ?? deps.config.models.defaultModel;
    const until = holdUntil(deps.config, now);
    const start = runStartOf(exec, agent, model, previousResult);
    const usual = callAsk(deps.config, executionId, start, agent, now);
    // A workspace session that does not fit whole runs with what is left, under a smaller limit.
    const ask = askThatFits(ledger, deps.config, start, usual);
    const fitted = ask === usual ? null : ask;
    const refusal = refusalFor(ledger, deps.config, ask);
    if (refusal) {
      const err = new BudgetRefusedError(refusal);
      if (agent && agent.data.blockedBy !== err.blockedBy) agents.update(tx, agent.id, { blockedBy: err.blockedBy });
      const finish = writeFinish(tx, ctx, {
        status: 'failed',
        error: err.message,
        events: appendEvents(exec.events, runEvent(at, budgetEvent(err))),
      });
      return { kind: 'ended', reason: err.message, finish };
    }
    // Checked before the hold is written: a run that waits holds nothing, and the
    // sweeper leaves it be while it keeps coming back.
    if (runsUnderWay(ledger.user, now, executionId) >= deps.config.budget.maxConcurrentRuns) {
      executions.update(tx, executionId, { staleAfter: new Date(now.getTime() + queueGraceMs(deps)).toISOString() });
      return { kind: 'wait', retryAfterSeconds: WAIT_SECONDS };
    }
    hold(tx, ledger, ask, until);
    if (agent?.data.blockedBy) agents.update(tx, agent.id, { blockedBy: null });

    const attempt = exec.attempt + 1;
    const leaseId = autoId();
    const leaseUntil = new Date(now.getTime() + deps.config.run.leaseSeconds * 1000).toISOString();
    const events = appendEvents(
      exec.events,
      runEvent(at, attempt === 1 ? { code: 'started' } : { code: 'started_again', params: { attempt } }),
      ...(fitted
        ? [
            runEvent(at, {
              code: 'workspace_budget_fitted',
              params: { held: fitted.usd.toFixed(2), usual: usual.usd.toFixed(2) },
            }),
          ]
        : []),
    );
    const claimed: ExecutionDoc = {
      ...exec,
      status: 'running',
      attempt,
      startTime: exec.startTime ?? at,
      leaseId,
      leaseUntil,
      staleAfter: leaseUntil,
      model,
      events,
    };
    executions.update(tx, executionId, {
      status: 'running',
      attempt,
      startTime: claimed.startTime,
      leaseId,
      leaseUntil,
      staleAfter: leaseUntil,
      model,
      events,
    });
    return {
      kind: 'claimed',
      exec: claimed,
      agent,
      leaseId,
      attempt,
      claimedAt: now,
      previousResult,
      holdUntil: until,
      heldUsd: ask.usd,
    };
  });
}

/** How long a run waiting for one of its user's runs to end waits before it asks again. */
export const WAIT_SECONDS = 5;

/** The run log's line for a budget refusal: which budget, its size, when it resets. */
export function budgetEvent(err: BudgetRefusedError): RunEventInput {
  const r = err.refusal;
  return {
    code: 'budget_refused',
    params: {
      budget: r.budget,
      unit: r.unit,
      limit: r.unit === 'usd' ? r.limit.toFixed(2) : r.limit,
      resetsOn: r.resetsAt.slice(0, 10),
    },
    message: err.message,
  };
}

/** The result of the agent's last successful run, read inside the claim (test runs have none). */
async function previousResultOf(tx: Transaction, exec: ExecutionDoc, agent: Doc<AgentDoc> | null) {
  const lastId = agent?.data.lastRun?.executionId;
  if (exec.trigger === 'test' || !lastId || agent?.data.lastRun?.status !== 'success') return null;
  const last = await executions.get(tx, lastId);
  return last?.data.status === 'success' ? last.data.result : null;
}
