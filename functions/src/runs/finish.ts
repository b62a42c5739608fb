/**
 * Writing a run's outcome, inside the transaction that also settles its money:
 * the execution's final state, the agent's totals, `lastRun` and next run time,
 * and the attempt's spend on the user's month, releasing the attempt's hold
 * (money/ledger.ts). Each attempt is charged once, when it ends (here, or when
 * it is released for a retry), so a retried run is never charged twice.
 */
import type { AgentDoc } from '@agent-platform/core/agent';
import { increment, type Transaction } from '@agent-platform/core/ports';
import type { ExecutionDoc, ExecutionEvent } from '@agent-platform/core/runs';
import { nextRunAt } from '@agent-platform/core/schedule';
import { addUsage, budgetTokens, costUsd, type TokenUsage, ZERO_USAGE } from '../model/usage';
import { type Charge, type Ledger, settle } from '../money/ledger';
import type { Config } from '../shared/config';
import { agents } from '../store/agents';
import type { Doc } from '../store/collection';
import { executions } from '../store/executions';
import { boundResult, capEvents, clipError } from './bounds';

export interface FinishContext {
  id: string;
  exec: ExecutionDoc;
  agent: Doc<AgentDoc> | null;
  /** The user's (and platform's) budget documents, read in this transaction. */
  ledger: Ledger;
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

/**
 * Charges one attempt's usage: releases its hold, adds its cost to the user's
 * month (under the agent, or the designer for a test run) and to the agent's
 * totals. Returns the execution's new totals, for the caller to write.
 */
export function chargeAttempt(
  tx: Transaction,
  ctx: FinishContext,
  attempt: TokenUsage,
  model: string,
  finishedRun: boolean,
): { usage: TokenUsage; costUsd: number } {
  const cost = costUsd(ctx.config.models, model, attempt);
  const { exec } = ctx;
  const bucket: Charge['bucket'] = exec.agentId
    ? { kind: 'agent', id: exec.agentId, name: ctx.agent?.data.name ?? '', finishedRun }
    : { kind: 'designer', turn: false };
  settle(tx, ctx.ledger, ctx.id, { usage: attempt, costUsd: cost, bucket });
  return { usage: addUsage(exec.tokenUsage, attempt), costUsd: exec.costUsd + cost };
}

/** Writes the outcome (all reads must already be done: `ctx` carries them). */
export function writeFinish(tx: Transaction, ctx: FinishContext, outcome: FinishOutcome): FinishResult {
  const { exec, now } = ctx;
  const end = now.toISOString();
  const attempt = outcome.usage ?? ZERO_USAGE;
  const model = outcome.model ?? exec.model ?? ctx.agent?.data.model ?? ctx.config.models.defaultModel;
  const { usage, costUsd: cost } = chargeAttempt(tx, ctx, attempt, model, true);

  // Bounded here too, whatever the caller did: this is the write a run must not lose (bounds.ts).
  const result = outcome.result ?? exec.result;
  executions.update(tx, ctx.id, {
    status: outcome.status,
    result: result === null ? null : boundResult(result).result,
    error: clipError(outcome.error ?? null),
    endTime: end,
    startTime: exec.startTime ?? end,
    events: capEvents(outcome.events ?? exec.events),
    tokenUsage: usage,
    costUsd: cost,
    model,
    leaseId: null,
    leaseUntil: null,
    staleAfter: null,
  });

  const agent = ctx.agent;
  if (!agent || !exec.agentId) return { next: null, costUsd: cost, usage };
  // A failed run never stops the schedule: the next time is set either way, but
  // only when this run is still the agent's current one (not paused or rescheduled since).
  const schedule = agent.data.schedule;
  const current =
    exec.trigger === 'schedule' &&
    agent.data.status === 'active' &&
    schedule !== null &&
    agent.data.nextRunAt !== null &&
    Date.parse(agent.data.nextRunAt) === Date.parse(exec.scheduledFor);
  const nextAt =
    current && schedule ? nextRunAt(schedule, new Date(Math.max(now.getTime(), Date.parse(exec.scheduledFor)))) : null;
  agents.update(tx, exec.agentId, {
    ...agentSpend(attempt, costUsd(ctx.config.models, model, attempt)),
    runCount: increment(1),
    lastRun: { executionId: ctx.id, status: outcome.status, endTime: end },
    ...(current ? { nextRunAt: nextAt?.toISOString() ?? null, unqueuedRunAt: nextAt?.toISOString() ?? null } : {}),
  });
  const next = nextAt
    ? { agentId: agent.id, userId: agent.data.userId, nextRunAt: nextAt.toISOString(), status: 'active' }
    : null;
  return { next, costUsd: cost, usage };
}

/** An attempt's usage as increments of the agent's all-time totals. */
export function agentSpend(attempt: TokenUsage, cost: number) {
  return {
    'totalTokenUsage.input': increment(budgetTokens(attempt) - attempt.output),
    'totalTokenUsage.output': increment(attempt.output),
    costUsd: increment(cost),
  };
}
