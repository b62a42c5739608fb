/**
 * Writing a run's outcome, inside the transaction that also adds up its usage:
 * the execution's final state, the agent's totals, `lastRun` and next run time,
 * and the user's monthly usage. Usage is charged once, here, for every attempt
 * of the run together, so a retried run is never charged twice.
 */
import type { AgentDoc } from '@agent-platform/core/agent';
import { increment, type Transaction } from '@agent-platform/core/ports';
import type { ExecutionDoc, ExecutionEvent } from '@agent-platform/core/runs';
import { nextRunAt } from '@agent-platform/core/schedule';
import type { UserDoc } from '@agent-platform/core/usage';
import { type PlannedDeliveries, planDeliveries } from '../deliveries/plan';
import { addUsage, budgetTokens, costUsd, type TokenUsage, ZERO_USAGE } from '../model/usage';
import type { Config } from '../shared/config';
import { agents } from '../store/agents';
import type { Doc } from '../store/collection';
import { executions } from '../store/executions';
import { addMonthlyUsage, usageOfMonth } from '../store/users';
import { boundResult, capEvents, clipError } from './bounds';

export interface FinishContext {
  id: string;
  exec: ExecutionDoc;
  agent: Doc<AgentDoc> | null;
  user: Doc<UserDoc> | null;
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
  /** False for a run ended because it no longer fits its agent: nobody asked for that news. */
  deliver?: boolean;
}

/** The schedule's next run when this run was its current one: what the caller enqueues after commit. */
export interface FinishResult {
  next: { agentId: string; userId: string; nextRunAt: string; status: string } | null;
  costUsd: number;
  usage: TokenUsage;
  /** The deliveries to enqueue after commit (deliveries/plan.ts). */
  deliveries: PlannedDeliveries['tasks'];
}

/** Writes the outcome (all reads must already be done: `ctx` carries them). */
export function writeFinish(tx: Transaction, ctx: FinishContext, outcome: FinishOutcome): FinishResult {
  const { exec, now } = ctx;
  const end = now.toISOString();
  const usage = addUsage(exec.tokenUsage, outcome.usage ?? ZERO_USAGE);
  const model = outcome.model ?? exec.model ?? ctx.agent?.data.model ?? ctx.config.models.defaultModel;
  const cost = costUsd(ctx.config.models, model, usage);

  // Bounded here too, whatever the caller did: this is the write a run must not lose (bounds.ts).
  const result = outcome.result ?? exec.result;
  const planned =
    outcome.deliver === false || exec.trigger === 'test' || !exec.agentId
      ? planDeliveries(ctx.id, null, outcome.status)
      : planDeliveries(ctx.id, ctx.agent, outcome.status);
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
    deliveries: planned.records,
  });

  if (budgetTokens(usage) > 0 || cost > 0) {
    const input = budgetTokens(usage) - usage.output;
    addMonthlyUsage(tx, ctx.user, exec.userId, usageOfMonth(now, { input, output: usage.output, costUsd: cost }), now);
  }

  const agent = ctx.agent;
  if (!agent || !exec.agentId) return { next: null, costUsd: cost, usage, deliveries: planned.tasks };
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
    'totalTokenUsage.input': increment(budgetTokens(usage) - usage.output),
    'totalTokenUsage.output': increment(usage.output),
    costUsd: increment(cost),
    runCount: increment(1),
    lastRun: { executionId: ctx.id, status: outcome.status, endTime: end },
    ...(current ? { nextRunAt: nextAt?.toISOString() ?? null } : {}),
  });
  const next = nextAt
    ? { agentId: agent.id, userId: agent.data.userId, nextRunAt: nextAt.toISOString(), status: 'active' }
    : null;
  return { next, costUsd: cost, usage, deliveries: planned.tasks };
}
