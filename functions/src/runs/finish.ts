/**
 * Writing a run's outcome, inside the transaction that also adds up its usage:
 * the execution's final state, the agent's totals, `lastRun` and next run time,
 * and the user's monthly usage. Usage is charged once, here, for every attempt
 * of the run together, so a retried run is never charged twice.
 */
import type { AgentDoc } from '../agents/schema';
import { addUsage, budgetTokens, costUsd, type TokenUsage } from '../model/usage';
import { increment, type StoredDoc, type Transaction } from '../ports/store';
import type { Config } from '../shared/config';
import { type UserDoc, writeUserUsage } from '../usage/budget';
import type { ExecutionDoc, ExecutionEvent } from './execution';
import { agentPath, executionPath } from './execution-store';
import { nextRunAfter } from './next-run';

export interface FinishContext {
  id: string;
  exec: ExecutionDoc;
  agent: StoredDoc<AgentDoc> | null;
  user: StoredDoc<UserDoc> | null;
  now: Date;
  config: Config;
}

export interface FinishOutcome {
  status: 'success' | 'failed';
  result?: string | null;
  error?: string | null;
  /** Usage of this attempt, added to what earlier attempts recorded. */
  usage?: TokenUsage;
  /** The complete event list to store (defaults to the execution's own). */
  events?: ExecutionEvent[];
  model?: string | null;
}

/** The schedule's next run when this run was its current one: what the caller enqueues after commit. */
export interface FinishResult {
  next: { agentId: string; userId: string; nextRunAt: string; status: string } | null;
  costUsd: number;
  usage: TokenUsage;
}

/** Writes the outcome (all reads must already be done: `ctx` carries them). */
export function writeFinish(tx: Transaction, ctx: FinishContext, outcome: FinishOutcome): FinishResult {
  const { exec, now } = ctx;
  const end = now.toISOString();
  const attemptUsage = outcome.usage ?? { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, webSearches: 0 };
  const usage = addUsage(exec.tokenUsage, attemptUsage);
  const model = outcome.model ?? exec.model ?? ctx.agent?.data.model ?? ctx.config.models.defaultModel;
  const cost = costUsd(ctx.config.models, model, usage);
  const events = outcome.events ?? exec.events;

  tx.update(executionPath(ctx.id), {
    status: outcome.status,
    result: outcome.result ?? exec.result ?? null,
    error: outcome.error ?? null,
    endTime: end,
    startTime: exec.startTime ?? end,
    events,
    tokenUsage: usage,
    costUsd: cost,
    model,
    leaseId: null,
    leaseUntil: null,
    staleAfter: null,
  });

  if (budgetTokens(usage) > 0 || cost > 0) writeUserUsage(tx, ctx.user, exec.userId, now, usage, cost);

  let next: FinishResult['next'] = null;
  const agent = ctx.agent;
  if (agent && exec.agentId) {
    const patch: Record<string, unknown> = {
      'totalTokenUsage.input': increment(budgetTokens(usage) - usage.output),
      'totalTokenUsage.output': increment(usage.output),
      costUsd: increment(cost),
      runCount: increment(1),
      lastRun: { executionId: ctx.id, status: outcome.status, endTime: end },
    };
    // A failed run never stops the schedule: the next time is set either way, but
    // only when this run is still the agent's current one (not paused or rescheduled since).
    const current =
      exec.trigger === 'schedule' &&
      agent.data.status === 'active' &&
      agent.data.schedule &&
      agent.data.nextRunAt !== null &&
      Date.parse(agent.data.nextRunAt) === Date.parse(exec.scheduledFor);
    if (current && agent.data.schedule) {
      const after = new Date(Math.max(now.getTime(), Date.parse(exec.scheduledFor)));
      const nextAt = nextRunAfter(agent.data.schedule, after);
      patch.nextRunAt = nextAt?.toISOString() ?? null;
      if (nextAt) {
        next = { agentId: agent.id, userId: agent.data.userId, nextRunAt: nextAt.toISOString(), status: 'active' };
      }
    }
    tx.update(agentPath(exec.agentId), patch);
  }
  return { next, costUsd: cost, usage };
}
