/**
 * The run worker behind `runAgent`: one delivery of a run task, start to end.
 * Claim (or find nothing to do), run Claude outside any transaction while
 * renewing the lease (progress.ts), write the outcome with the usage in one
 * transaction, then enqueue the agent's next run. What `runAgent` answers follows from the returned outcome: `retry` means
 * "try this task again later" (after `retryAfterSeconds` when given).
 */
import { engineOf } from '@agent-platform/core/agent';
import type { AppError } from '@agent-platform/core/errors';
import type { Transaction } from '@agent-platform/core/ports';
import { type RunTaskPayload, taskNameFor } from '@agent-platform/core/ports';
import type { RunEventInput } from '@agent-platform/core/runs';
import { keepCodeExecutionFiles } from '../artifacts/code-execution-files';
import { recordArtifacts } from '../artifacts/record';
import { enqueueDeliveries, requeuePendingDeliveries } from '../deliveries/plan';
import { modelClient } from '../model/client';
import { toModelError } from '../model/errors';
import { ZERO_USAGE } from '../model/usage';
import { readLedger } from '../money/ledger';
import { BudgetRefusedError } from '../money/refusal';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import { agents } from '../store/agents';
import { executions } from '../store/executions';
import { boundResult, clipError, RESULT_MAX_BYTES } from './bounds';
import { budgetEvent, claimExecution, EARLY_GRACE_MS } from './claim';
import { enqueueScheduledRun, queueGraceMs } from './enqueue';
import { agentSpend, chargeAttempt, type FinishOutcome, type FinishResult, writeFinish } from './finish';
import { runModel } from './model-loop';
import { ProgressLog } from './progress';
import { callInputCeiling, holdNextCall } from './run-holds';
import { runWorkspaceAttempt } from './workspace/attempt';
import type { WorkspaceMeter } from './workspace/engine';

export type RunOutcome =
  | { outcome: 'success' | 'failed'; executionId: string }
  | { outcome: 'noop'; executionId: string; reason: string }
  | { outcome: 'retry'; executionId: string; reason: string; retryAfterSeconds?: number };

export interface RunTaskOptions {
  /** Aborts the attempt (the request was cancelled). */
  signal?: AbortSignal;
  /** Earlier deliveries of this task (Cloud Tasks' `X-CloudTasks-TaskRetryCount`); 0 when unknown. */
  retryCount?: number;
}

/** Time kept back from the run timeout for writing the outcome. */
const WRITE_MARGIN_MS = 5_000;

/** Handles one delivery of `payload`; never throws for a model failure (the outcome says it). */
export async function runTask(
  deps: Adapters,
  payload: RunTaskPayload,
  options: RunTaskOptions = {},
): Promise<RunOutcome> {
  let executionId = payload.executionId;
  let claim = executions.isId(executionId)
    ? await claimExecution(deps, executionId, payload)
    : { kind: 'missing' as const };
  if (claim.kind === 'superseded') {
    log.info('late run stands in for missed times', {
      from: executionId,
      to: claim.executionId,
      skipped: claim.skipped,
    });
    executionId = claim.executionId;
    claim = await claimExecution(deps, executionId);
  }
  switch (claim.kind) {
    case 'superseded':
      return { outcome: 'noop', executionId, reason: 'Superseded twice; the sweeper will pick it up.' };
    case 'missing':
      return { outcome: 'noop', executionId, reason: 'No such run (withdrawn or deleted).' };
    case 'mismatch':
      log.error('run task does not match its execution; dropped', {
        executionId,
        task: { agentId: payload.agentId, userId: payload.userId, trigger: payload.trigger },
        execution: { agentId: claim.exec.agentId, userId: claim.exec.userId, trigger: claim.exec.trigger },
      });
      return { outcome: 'noop', executionId, reason: 'The task does not match its run.' };
    case 'early':
      log.warn('run task delivered before its time; asked to come back', { executionId, early: claim.earlyMs });
      return {
        outcome: 'retry',
        executionId,
        reason: 'Delivered before its run is due.',
        retryAfterSeconds: Math.ceil((claim.earlyMs + EARLY_GRACE_MS) / 1000),
      };
    case 'finished':
      await requeuePendingDeliveries(deps, executionId, claim.exec);
      return { outcome: 'noop', executionId, reason: 'The run has finished already.' };
    case 'busy':
      return busyOutcome(deps, executionId, claim.leaseUntil, options.retryCount ?? 0);
    case 'stale':
      log.info('stale run task', { executionId, reason: claim.reason });
      return { outcome: 'noop', executionId, reason: claim.reason };
    case 'ended':
      log.warn('run ended before the model call', { executionId, reason: claim.reason });
      await enqueueNext(deps, claim.finish);
      return { outcome: 'failed', executionId };
    case 'wait':
      return waitForTurn(deps, payload, executionId, claim.retryAfterSeconds);
  }

  const { exec, agent, leaseId, attempt } = claim;
  const progress = new ProgressLog(deps.store, executionId, exec.events, deps.now, {
    leaseId,
    leaseSeconds: deps.config.run.leaseSeconds,
    renewedAt: claim.claimedAt,
  });
  const meter: WorkspaceMeter = { usage: { ...ZERO_USAGE }, calls: 0, artifacts: [], fileIds: [] };
  const timeoutMs = deps.config.run.timeoutSeconds * 1000 - WRITE_MARGIN_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  // A lease lost to another delivery stops the model call too: that delivery owns the run now.
  const signal = AbortSignal.any([timeout, progress.signal, ...(options.signal ? [options.signal] : [])]);

  const prompt = exec.draft?.finalAgentPrompt ?? agent?.data.finalAgentPrompt ?? '';
  const tools = exec.draft?.tools ?? agent?.data.tools ?? [];
  const model = exec.model ?? deps.config.models.defaultModel;
  const engine = engineOf(exec.draft ?? agent?.data);

  let outcome: FinishOutcome;
  let retryable: AppError | null = null;
  try {
    progress.add({ code: 'asking_model', params: { model: deps.config.models.models[model]?.label ?? model } });
    const request = {
      model,
      prompt,
      tools,
      timezone: agent?.data.schedule?.timezone ?? 'UTC',
      now: deps.now(),
      previousResult: claim.previousResult,
      signal,
    };
    const add = (event: RunEventInput) => progress.add(event);
    // A workspace run's whole worst case was held by the claim; a Messages run grows its hold before each later call.
    const run =
      engine === 'workspace'
        ? await runWorkspaceAttempt(deps, { ...request, executionId, heldUsd: claim.heldUsd }, meter, add)
        : await runModel(
            modelClient(deps.model),
            {
              ...request,
              maxOutputTokens: deps.config.run.maxOutputTokens,
              maxInputTokens: deps.config.run.maxInputTokens,
              inputCeiling: (call) => callInputCeiling(deps.config, call),
              beforeCall: (call) =>
                holdNextCall(deps, {
                  executionId,
                  userId: exec.userId,
                  agent,
                  call,
                  spent: meter.usage,
                  until: claim.holdUntil,
                }),
            },
            meter,
            add,
          );
    if (run.truncated && engine === 'messages') {
      progress.add({ code: 'output_ceiling', params: { limit: deps.config.run.maxOutputTokens } });
    }
    if (engine === 'messages')
      meter.artifacts = await keepCodeExecutionFiles(deps, executionId, meter.fileIds, add, signal);
    const kept = boundResult(run.result);
    if (kept.cut) progress.add({ code: 'result_cut', params: { limit: RESULT_MAX_BYTES } });
    progress.add({
      code: 'finished',
      params: { input: meter.usage.input + meter.usage.cacheRead + meter.usage.cacheWrite, output: meter.usage.output },
    });
    outcome = { status: 'success', result: kept.result, usage: meter.usage, model };
  } catch (err) {
    if (progress.leaseLost) {
      await progress.close();
      return lostLease(executionId, attempt);
    }
    if (err instanceof BudgetRefusedError) {
      progress.add(budgetEvent(err));
      await progress.close();
      if (progress.leaseLost) return lostLease(executionId, attempt);
      const finish = await finishRun(deps, executionId, leaseId, {
        status: 'failed',
        error: err.message,
        usage: meter.usage,
        model,
        events: progress.events,
        blockedBy: err.blockedBy,
      });
      if (!finish) return { outcome: 'noop', executionId, reason: 'The lease was lost; another delivery took over.' };
      await enqueueNext(deps, finish);
      return { outcome: 'failed', executionId };
    }
    const error = toModelError(err);
    const lastAttempt = attempt >= Math.max(1, deps.config.queue.retryConfig.maxAttempts);
    let message = error.message;
    if (error.retryable && !lastAttempt) {
      retryable = error;
      progress.add({ code: 'retry', params: { attempt, reason: message, ...reasonOf(error) } });
    } else {
      if (error.retryable) message = `${message} Gave up after ${attempt} attempts.`;
      // The text comes from the model error; `reason` lets the web say it in the person's language.
      progress.add({
        code: 'error',
        message,
        params: { ...reasonOf(error), ...(error.retryable ? { gaveUpAfter: attempt } : {}) },
      });
    }
    outcome = { status: 'failed', error: message, usage: meter.usage, model };
    log.warn('run attempt failed', { executionId, attempt, retryable: Boolean(retryable), err: error });
  }
  await progress.close();
  if (progress.leaseLost) return lostLease(executionId, attempt);

  // Kept files are listed whatever the outcome: a run that failed late may still have made them.
  await recordArtifacts(deps, executionId, leaseId, meter.artifacts);
  if (retryable) {
    await releaseForRetry(deps, executionId, leaseId, meter, progress, retryable.message, model);
    return { outcome: 'retry', executionId, reason: retryable.message };
  }
  const finish = await finishRun(deps, executionId, leaseId, { ...outcome, events: progress.events });
  if (!finish) return { outcome: 'noop', executionId, reason: 'The lease was lost; another delivery took over.' };
  await enqueueNext(deps, finish);
  return { outcome: outcome.status, executionId };
}

/**
 * Another delivery holds a live lease. While the queue has attempts left, ask it
 * to try again once the lease would have lapsed: if that worker died, this task
 * takes the run over then, without waiting for the sweeper; if it finished, the
 * retry finds the run done and ends as a no-op. On the last attempt acknowledge
 * instead: the sweeper recovers the run if its worker dies.
 */
function busyOutcome(deps: Adapters, executionId: string, leaseUntil: string, retryCount: number): RunOutcome {
  const reason = 'Another delivery is running it.';
  const maxAttempts = deps.config.queue.retryConfig.maxAttempts;
  if (maxAttempts >= 0 && retryCount + 1 >= maxAttempts) return { outcome: 'noop', executionId, reason };
  // One second past the lease, so the retry does not arrive a moment before it lapses.
  const retryAfterSeconds = Math.max(1, Math.ceil((Date.parse(leaseUntil) - deps.now().getTime()) / 1000) + 1);
  return { outcome: 'retry', executionId, reason, retryAfterSeconds };
}

function lostLease(executionId: string, attempt: number): RunOutcome {
  log.warn('run attempt stopped: another delivery took the run over', { executionId, attempt });
  return { outcome: 'noop', executionId, reason: 'The lease was lost; another delivery took over.' };
}

/**
 * A run the user's concurrency limit holds back: a fresh task brings it back in
 * `seconds` (the queue's own retries would back off ever longer), and this one
 * ends, freeing the queue for everyone else's runs.
 */
async function waitForTurn(
  deps: Adapters,
  payload: RunTaskPayload,
  executionId: string,
  seconds: number,
): Promise<RunOutcome> {
  const at = deps.now().getTime() + seconds * 1000;
  try {
    await deps.tasks.enqueue({
      target: 'runAgent',
      name: `${taskNameFor(executionId).slice(0, 470)}-w${at}`,
      scheduleTime: new Date(at),
      payload,
    });
  } catch (err) {
    log.warn('could not enqueue the waiting run; the queue retries it', { executionId, err });
    return {
      outcome: 'retry',
      executionId,
      reason: 'Waiting for another run of this user.',
      retryAfterSeconds: seconds,
    };
  }
  return { outcome: 'noop', executionId, reason: 'Waiting for another run of this user to end.' };
}

/** The outcome write: only by the delivery that still holds the lease. */
async function finishRun(
  deps: Adapters,
  id: string,
  leaseId: string,
  outcome: FinishOutcome & { blockedBy?: BudgetRefusedError['blockedBy'] },
): Promise<FinishResult | null> {
  return deps.store.runTransaction(async (tx) => {
    const ctx = await leasedContext(deps, tx, id, leaseId);
    if (!ctx) return null;
    if (outcome.blockedBy && ctx.agent && ctx.agent.data.blockedBy !== outcome.blockedBy) {
      agents.update(tx, ctx.agent.id, { blockedBy: outcome.blockedBy });
    }
    return writeFinish(tx, ctx, outcome);
  });
}

/** What an outcome write reads, if this delivery still holds the run's lease. */
async function leasedContext(deps: Adapters, tx: Transaction, id: string, leaseId: string) {
  const found = await executions.get(tx, id);
  if (found?.data.status !== 'running' || found.data.leaseId !== leaseId) return null;
  const now = deps.now();
  const agent = found.data.agentId ? await agents.get(tx, found.data.agentId) : null;
  const ledger = await readLedger(tx, { config: deps.config, now }, found.data.userId);
  return { id, exec: found.data, agent, ledger, now, config: deps.config };
}

/** Back to queued for the queue's next try, charging what this attempt used and releasing its hold. */
async function releaseForRetry(
  deps: Adapters,
  id: string,
  leaseId: string,
  meter: { usage: WorkspaceMeter['usage'] },
  progress: ProgressLog,
  message: string,
  model: string,
): Promise<void> {
  await deps.store.runTransaction(async (tx) => {
    const ctx = await leasedContext(deps, tx, id, leaseId);
    if (!ctx) return;
    const spent = chargeAttempt(tx, ctx, meter.usage, model, false);
    if (ctx.agent) agents.update(tx, ctx.agent.id, agentSpend(meter.usage, spent.costUsd - ctx.exec.costUsd));
    executions.update(tx, id, {
      status: 'queued',
      leaseId: null,
      leaseUntil: null,
      staleAfter: new Date(deps.now().getTime() + queueGraceMs(deps)).toISOString(),
      tokenUsage: spent.usage,
      costUsd: spent.costUsd,
      error: clipError(message),
      events: progress.events,
    });
  });
}

/** Enqueues the schedule's next run; if that fails, the sweeper finds the agent due and does it. */
export async function enqueueNext(deps: Adapters, finish: FinishResult): Promise<void> {
  // The run's deliveries first: they are news of this run, the next run can wait a moment.
  await enqueueDeliveries(deps, finish.deliveries);
  if (!finish.next) return;
  try {
    await enqueueScheduledRun(deps, {
      id: finish.next.agentId,
      userId: finish.next.userId,
      nextRunAt: finish.next.nextRunAt,
      status: finish.next.status,
    });
  } catch (err) {
    log.warn('could not enqueue the next run; the sweeper will', { agentId: finish.next.agentId, err });
  }
}

/** The model error's reason word, as event params (absent for errors without one). */
function reasonOf(error: AppError): { reasonCode?: string } {
  return error.options.reason ? { reasonCode: error.options.reason } : {};
}
