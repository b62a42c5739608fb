/**
 * Putting runs on the task queue. Every run, whatever its trigger, becomes a
 * queued execution document plus one named task for it; `runAgent` receives the
 * task and claims the execution. The document is written first, so a task never
 * arrives for a run that does not exist, and a document whose task got lost is
 * found by the sweeper once it passes `staleAfter`.
 */

import type { AgentDoc } from '@agent-platform/core/agent';
import { ConflictError } from '@agent-platform/core/errors';
import { MAX_SCHEDULE_AHEAD_MS, type RunTaskPayload, taskNameFor } from '@agent-platform/core/ports';
import { type ExecutionDoc, type RunDraft, runEvent } from '@agent-platform/core/runs';
import { assertFirstCallFits } from '../money/request-check';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import { agents } from '../store/agents';
import type { Doc } from '../store/collection';
import { executions, listQueuedScheduledRuns, newExecution } from '../store/executions';
import { scheduledExecutionId } from './ids';
import { askThatFits, callAsk, runStartOf } from './run-holds';
import { clearUnqueued } from './unqueued';

type QueueDeps = Pick<Adapters, 'store' | 'tasks' | 'config' | 'now'>;

/**
 * How long a queued run may sit past its time before the sweeper treats its task
 * as lost. Cloud Tasks ramps up slowly for bursts and backs a failing run off
 * for up to `maxBackoffSeconds`, so this must comfortably exceed both.
 */
export function queueGraceMs(deps: Pick<Adapters, 'config'>): number {
  return Math.max(10 * 60_000, deps.config.queue.retryConfig.maxBackoffSeconds * 1000 * 2);
}

/** The fields of an agent that decide its next scheduled run. */
export interface SchedulableAgent {
  id: string;
  userId: string;
  nextRunAt: string | null;
  status: string;
}

/**
 * Enqueues the agent's next scheduled run (call after saving an agent, and after
 * each run). Idempotent: the execution id and the task name derive from (agent,
 * time), so calling it twice creates one run. Queued runs for other times (the
 * schedule changed, or the agent was paused) are withdrawn. A run more than 30
 * days ahead is left in Firestore; the sweeper enqueues it when it comes near.
 */
export async function enqueueScheduledRun(deps: QueueDeps, agent: SchedulableAgent): Promise<void> {
  const next = agent.status === 'active' && agent.nextRunAt ? agent.nextRunAt : null;
  await withdrawQueuedRuns(deps, agent.id, next);
  if (!next) return;
  const at = new Date(next);
  if (at.getTime() - deps.now().getTime() > MAX_SCHEDULE_AHEAD_MS - 60 * 60_000) return;
  await enqueueScheduledAt(deps, { agentId: agent.id, userId: agent.userId, scheduledFor: at });
}

/**
 * Creates (if missing) the queued execution of the agent's run at `scheduledFor`
 * and its task. `skippedRuns` records missed times folded into this run.
 */
export async function enqueueScheduledAt(
  deps: QueueDeps,
  input: ScheduledRunInput,
): Promise<{ executionId: string; enqueued: boolean }> {
  const { id, doc, runAt } = scheduledRun(deps, input);
  try {
    // With the agent's mark cleared in the same commit, so the sweeper never looks at it again.
    await deps.store.runTransaction(async (tx) => {
      const agent = await agents.get(tx, input.agentId);
      executions.create(tx, id, doc);
      clearUnqueued(tx, agent, input.scheduledFor);
    });
  } catch (err) {
    if (!(err instanceof ConflictError)) throw err;
    // Already there: a task exists for it unless an enqueue failed halfway; a named
    // task makes asking again harmless. A finished or running run needs nothing.
    await deps.store.runTransaction(async (tx) =>
      clearUnqueued(tx, await agents.get(tx, input.agentId), input.scheduledFor),
    );
    const existing = await executions.get(deps.store, id);
    if (existing?.data.status !== 'queued') return { executionId: id, enqueued: false };
  }
  return { executionId: id, enqueued: await enqueueRunTask(deps, id, doc, runAt) };
}

export interface ScheduledRunInput {
  agentId: string;
  userId: string;
  scheduledFor: Date;
  skippedRuns?: number;
}

/** The queued execution of an agent's run at `scheduledFor`, its id, and when its task should fire. */
export function scheduledRun(
  deps: Pick<Adapters, 'config' | 'now'>,
  input: ScheduledRunInput,
): { id: string; doc: ExecutionDoc; runAt: Date } {
  const now = deps.now();
  const runAt = new Date(Math.max(input.scheduledFor.getTime(), now.getTime()));
  const doc = newExecution({
    userId: input.userId,
    agentId: input.agentId,
    trigger: 'schedule',
    scheduledFor: input.scheduledFor,
    model: null,
    now,
    staleAfter: new Date(runAt.getTime() + queueGraceMs(deps)),
    skippedRuns: input.skippedRuns,
    events: input.skippedRuns
      ? [runEvent(now.toISOString(), { code: 'skipped', params: { count: input.skippedRuns } })]
      : [],
  });
  return { id: scheduledExecutionId(input.agentId, input.scheduledFor), doc, runAt };
}

/** The named task of a scheduled run whose execution exists; true when this call created it. */
export async function enqueueRunTask(
  deps: Pick<Adapters, 'tasks'>,
  id: string,
  doc: ExecutionDoc,
  runAt: Date,
): Promise<boolean> {
  const result = await deps.tasks.enqueue({
    target: 'runAgent',
    name: taskNameFor(id),
    scheduleTime: runAt,
    payload: payloadOf(id, doc),
  });
  return result === 'created';
}

/**
 * Run-now of a saved agent (any status): its first call must fit the budgets
 * (429 otherwise), then a queued execution and its task.
 */
export async function enqueueManualRun(
  deps: QueueDeps,
  input: { userId: string; agentId: string; model: string; provider?: string; agent?: Doc<AgentDoc> },
): Promise<{ executionId: string }> {
  const agent = input.agent ?? null;
  const start = runStartOf({ draft: null }, agent, input.model, null);
  const ask = callAsk(deps.config, 'request', start, agent, deps.now());
  await assertFirstCallFits(deps, input.userId, input.provider, ask, agent, (view) =>
    askThatFits(view, deps.config, start, ask),
  );
  return enqueueImmediate(deps, {
    userId: input.userId,
    agentId: input.agentId,
    trigger: 'manual',
    model: input.model,
  });
}

/**
 * A test run of an unsaved draft (the chat's "try it"): the same run path, with
 * the draft carried on the execution (agentId null, trigger `test`). Refused
 * with 429 `resource_exhausted` once the month's budget is spent.
 */
export async function enqueueTestRun(
  deps: QueueDeps,
  input: { userId: string; conversationId: string; draft: RunDraft; provider?: string },
): Promise<{ executionId: string }> {
  const { name, finalAgentPrompt, tools, model, engine } = input.draft;
  const draft: RunDraft = { name, finalAgentPrompt, tools: [...tools], model, ...(engine ? { engine } : {}) };
  const start = runStartOf({ draft }, null, model, null);
  const ask = callAsk(deps.config, 'request', start, null, deps.now());
  await assertFirstCallFits(deps, input.userId, input.provider, ask, null, (view) =>
    askThatFits(view, deps.config, start, ask),
  );
  return enqueueImmediate(deps, {
    userId: input.userId,
    agentId: null,
    trigger: 'test',
    model,
    // Firestore refuses undefined: a draft of the default engine carries none.
    draft,
    conversationId: input.conversationId,
  });
}

async function enqueueImmediate(
  deps: QueueDeps,
  input: {
    userId: string;
    agentId: string | null;
    trigger: 'manual' | 'test';
    model: string;
    draft?: RunDraft;
    conversationId?: string;
  },
): Promise<{ executionId: string }> {
  const id = deps.store.newId();
  const now = deps.now();
  const doc = newExecution({
    ...input,
    scheduledFor: now,
    now,
    staleAfter: new Date(now.getTime() + queueGraceMs(deps)),
    events: [runEvent(now.toISOString(), { code: 'queued' })],
  });
  await executions.create(deps.store, id, doc);
  try {
    await deps.tasks.enqueue({
      target: 'runAgent',
      name: taskNameFor(id),
      scheduleTime: now,
      payload: payloadOf(id, doc),
    });
  } catch (err) {
    // The caller hears about it (503) and may retry; leave no run behind that never starts.
    await executions.delete(deps.store, id);
    throw err;
  }
  return { executionId: id };
}

/**
 * Enqueues an existing unfinished execution again under a fresh task name
 * (a task name stays taken for about an hour after its task ran).
 */
export async function requeueExecution(
  deps: QueueDeps,
  id: string,
  doc: ExecutionDoc,
  requeues: number,
): Promise<void> {
  await deps.tasks.enqueue({
    target: 'runAgent',
    name: `${taskNameFor(id).slice(0, 480)}-r${requeues}`,
    scheduleTime: deps.now(),
    payload: payloadOf(id, doc),
  });
}

/** Deletes the agent's queued scheduled runs other than the one at `keep` (never started ones only). */
export async function withdrawQueuedRuns(deps: Pick<Adapters, 'store'>, agentId: string, keep: string | null) {
  const queued = await listQueuedScheduledRuns(deps.store, agentId);
  const keepMs = keep ? Date.parse(keep) : Number.NaN;
  for (const run of queued) {
    if (Date.parse(run.data.scheduledFor) === keepMs || run.data.attempt > 0) continue;
    // In a transaction, so a delivery claiming it this very moment wins or loses cleanly.
    // Its task may still fire; runAgent then finds no execution and does nothing.
    const withdrawn = await deps.store.runTransaction(async (tx) => {
      const current = await executions.get(tx, run.id);
      if (current?.data.status !== 'queued' || current.data.attempt > 0) return false;
      executions.delete(tx, run.id);
      return true;
    });
    if (withdrawn)
      log.info('withdrew a queued run', { agentId, executionId: run.id, scheduledFor: run.data.scheduledFor });
  }
}

export function payloadOf(id: string, doc: ExecutionDoc): RunTaskPayload {
  return {
    executionId: id,
    agentId: doc.agentId,
    userId: doc.userId,
    trigger: doc.trigger,
    scheduledFor: doc.scheduledFor,
  };
}
