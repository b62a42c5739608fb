/**
 * The claim: in one transaction, move an execution from queued (or running with
 * an expired lease) to running under a fresh lease, so that however many times a
 * task is delivered, at once or later, exactly one delivery runs the model.
 * The same transaction drops stale tasks, gives up after the last attempt and
 * refuses runs once the user's monthly budget is spent: those end here, before
 * any model call.
 */
import type { AgentDoc } from '../agents/schema';
import { autoId, type StoredDoc } from '../ports/store';
import type { Adapters } from '../shared/factory';
import { budgetRefusal, budgetState, readUserForUsage } from '../usage/budget';
import { queueGraceMs } from './enqueue';
import { type ExecutionDoc, scheduledExecutionId, skippedMessage } from './execution';
import { agentPath, createExecution, executionPath, getAgent, newExecution } from './execution-store';
import { type FinishResult, writeFinish } from './finish';
import { latestMissed } from './next-run';

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
      agent: StoredDoc<AgentDoc> | null;
      leaseId: string;
      attempt: number;
      /** When the lease was taken: the running delivery renews it from here (progress.ts). */
      claimedAt: Date;
    };

type Deps = Pick<Adapters, 'store' | 'config' | 'now'>;

/** Why a scheduled or manual run no longer fits its agent, or null when it still does. */
export function staleReason(exec: ExecutionDoc, agent: StoredDoc<AgentDoc> | null): string | null {
  if (exec.trigger === 'test') return exec.draft ? null : 'The test run has no draft to run.';
  if (!agent) return 'The agent was deleted before the run started.';
  if (agent.data.userId !== exec.userId) return 'The agent belongs to someone else.';
  if (exec.trigger === 'manual') return null;
  if (agent.data.status !== 'active') return 'The agent was paused before the run started.';
  if (!agent.data.nextRunAt || Date.parse(agent.data.nextRunAt) !== Date.parse(exec.scheduledFor)) {
    return "The agent's schedule changed before the run started.";
  }
  return null;
}

export async function claimExecution(deps: Deps, executionId: string): Promise<ClaimResult> {
  const path = executionPath(executionId);
  const maxAttempts = Math.max(1, deps.config.queue.retryConfig.maxAttempts);
  return deps.store.runTransaction<ClaimResult>(async (tx) => {
    const now = deps.now();
    const found = await tx.get<ExecutionDoc>(path);
    if (!found) return { kind: 'missing' };
    const exec = found.data;
    if (exec.status === 'success' || exec.status === 'failed') return { kind: 'finished' };
    if (exec.status === 'running' && exec.leaseUntil && Date.parse(exec.leaseUntil) > now.getTime()) {
      return { kind: 'busy', leaseUntil: exec.leaseUntil };
    }
    const agent = exec.agentId ? await getAgent(tx, exec.agentId) : null;
    const user = await readUserForUsage(tx, exec.userId);
    const ctx = { id: executionId, exec, agent, user, now, config: deps.config };
    const at = now.toISOString();

    const stale = staleReason(exec, agent);
    if (stale) {
      // Never started: it simply is not a run any more. Started once: keep it, as failed.
      if (exec.attempt === 0) {
        tx.delete(path);
        return { kind: 'stale', reason: stale };
      }
      writeFinish(tx, ctx, {
        status: 'failed',
        error: stale,
        events: [...exec.events, { at, type: 'error', message: stale }],
      });
      return { kind: 'stale', reason: stale };
    }

    // Delivered after later scheduled times passed too (the platform was down): this run becomes
    // the one for the latest time, recording how many it skipped; the caller claims that one.
    if (exec.trigger === 'schedule' && exec.attempt === 0 && agent?.data.schedule) {
      const { latest, skipped } = latestMissed(agent.data.schedule, new Date(exec.scheduledFor), now);
      if (skipped > 0) {
        const latestId = scheduledExecutionId(agent.id, latest);
        const already = await tx.get<ExecutionDoc>(executionPath(latestId));
        tx.delete(path);
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
          events: [{ at, type: 'skipped', message: skippedMessage(total) }],
        });
        createExecution(tx, latestId, doc);
        tx.update(agentPath(agent.id), { nextRunAt: latest.toISOString() });
        return { kind: 'superseded', executionId: latestId, skipped: total };
      }
    }

    if (exec.attempt >= maxAttempts) {
      const reason = `The run did not finish after ${exec.attempt} attempts; it was given up. The next scheduled run is not affected.`;
      const finish = writeFinish(tx, ctx, {
        status: 'failed',
        error: exec.error ?? reason,
        events: [...exec.events, { at, type: 'error', message: reason }],
      });
      return { kind: 'ended', reason, finish };
    }

    const budget = budgetState(user?.data, deps.config, now);
    if (budget.remainingTokens <= 0) {
      const reason = budgetRefusal(budget);
      const finish = writeFinish(tx, ctx, {
        status: 'failed',
        error: reason,
        events: [...exec.events, { at, type: 'error', message: reason }],
      });
      return { kind: 'ended', reason, finish };
    }

    const attempt = exec.attempt + 1;
    const leaseId = autoId();
    const leaseUntil = new Date(now.getTime() + deps.config.run.leaseSeconds * 1000).toISOString();
    const model = exec.draft?.model ?? agent?.data.model ?? deps.config.models.defaultModel;
    const events = [
      ...exec.events,
      { at, type: 'started', message: attempt === 1 ? 'Run started.' : `Run started again (attempt ${attempt}).` },
    ];
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
    tx.update(path, {
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
