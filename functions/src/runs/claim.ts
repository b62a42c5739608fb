/**
 * The claim: in one transaction, move an execution from queued (or running with
 * an expired lease) to running under a fresh lease, so that however many times a
 * task is delivered, at once or later, exactly one delivery runs the model.
 * The same transaction drops stale tasks, gives up after the last attempt and
 * refuses runs once the user's monthly budget is spent: those end here, before
 * any model call.
 */
import type { AgentDoc } from '@agent-platform/core/agent';
import { autoId, type Transaction } from '@agent-platform/core/ports';
import { type ExecutionDoc, englishText, type RunEventCode, runEvent } from '@agent-platform/core/runs';
import { latestMissed } from '@agent-platform/core/schedule';
import type { Adapters } from '../shared/factory';
import { agents } from '../store/agents';
import type { Doc } from '../store/collection';
import { executions, newExecution } from '../store/executions';
import { users } from '../store/users';
import { budgetRefusal, budgetState } from '../usage/budget';
import { appendEvents } from './bounds';
import { queueGraceMs } from './enqueue';
import { type FinishContext, type FinishResult, writeFinish } from './finish';
import { scheduledExecutionId } from './ids';

export type ClaimResult =
  | { kind: 'missing' }
  | { kind: 'finished' }
  | { kind: 'busy'; leaseUntil: string }
  | { kind: 'stale'; reason: string }
  | { kind: 'ended'; reason: string; finish: FinishResult }
  | { kind: 'superseded'; executionId: string; skipped: number }
  | {
      kind: 'claimed';
      exec: ExecutionDoc;
      agent: Doc<AgentDoc> | null;
      leaseId: string;
      attempt: number;
      /** When the lease was taken: the running delivery renews it from here (progress.ts). */
      claimedAt: Date;
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

export async function claimExecution(deps: Deps, executionId: string): Promise<ClaimResult> {
  const maxAttempts = Math.max(1, deps.config.queue.retryConfig.maxAttempts);
  return deps.store.runTransaction<ClaimResult>(async (tx) => {
    const now = deps.now();
    const found = await executions.get(tx, executionId);
    if (!found) return { kind: 'missing' };
    const exec = found.data;
    if (exec.status === 'success' || exec.status === 'failed') return { kind: 'finished' };
    if (exec.status === 'running' && exec.leaseUntil && Date.parse(exec.leaseUntil) > now.getTime()) {
      return { kind: 'busy', leaseUntil: exec.leaseUntil };
    }
    const agent = exec.agentId ? await agents.get(tx, exec.agentId) : null;
    const user = await users.get(tx, exec.userId);
    const ctx = { id: executionId, exec, agent, user, now, config: deps.config };
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
        agents.update(tx, agent.id, { nextRunAt: latest.toISOString() });
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

    const budget = budgetState(user?.data, deps.config, now);
    if (budget.remainingTokens <= 0) {
      const reason = budgetRefusal(budget);
      const finish = writeFinish(tx, ctx, {
        status: 'failed',
        error: reason,
        events: appendEvents(
          exec.events,
          runEvent(at, {
            code: 'budget_spent',
            params: { used: budget.usedTokens, budget: budget.budgetTokens, resetsOn: budget.resetsAt.slice(0, 10) },
            message: reason,
          }),
        ),
      });
      return { kind: 'ended', reason, finish };
    }

    const attempt = exec.attempt + 1;
    const leaseId = autoId();
    const leaseUntil = new Date(now.getTime() + deps.config.run.leaseSeconds * 1000).toISOString();
    const model = exec.draft?.model ?? agent?.data.model ?? deps.config.models.defaultModel;
    const events = appendEvents(
      exec.events,
      runEvent(at, attempt === 1 ? { code: 'started' } : { code: 'started_again', params: { attempt } }),
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
    return { kind: 'claimed', exec: claimed, agent, leaseId, attempt, claimedAt: now };
  });
}
