/**
 * One delivery of one finished run (a task from deliveries/plan.ts). The
 * execution's record is the state: a delivery already `sent` or given up on
 * (`failed`) is not sent again, however often its task arrives. Each attempt is
 * counted on the record; a failure that a retry could fix answers `retry` (503)
 * while the queue has attempts left, and the last one marks the record failed.
 * The run itself is finished already: nothing here can change its outcome.
 */
import type { DeliveryRecord } from '@agent-platform/core/agent';
import type { DeliverTaskPayload } from '@agent-platform/core/ports';
import type { Delivery as TaskDelivery, WorkerOutcome } from '../http/task-worker';
import { roundUsd } from '../model/usage';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import { agents } from '../store/agents';
import { executions } from '../store/executions';
import type { RunNews } from './formats';
import { markDelivery } from './record';
import { DeliveryFailure, runUrl, sendDelivery } from './send';

const ERROR_MAX = 500;

export async function deliverTask(
  deps: Adapters,
  task: DeliverTaskPayload,
  delivery: Pick<TaskDelivery, 'retryCount'>,
): Promise<WorkerOutcome> {
  const { executionId, index } = task;
  const exec = await executions.get(deps.store, executionId);
  const record = exec?.data.deliveries[index];
  if (!exec || !record || exec.data.userId !== task.userId || exec.data.agentId !== task.agentId) {
    return { outcome: 'noop', executionId, index, reason: 'No such delivery.' };
  }
  if (record.status !== 'pending') return { outcome: 'noop', executionId, index, reason: `Already ${record.status}.` };
  if (exec.data.status !== 'success' && exec.data.status !== 'failed') {
    return { outcome: 'noop', executionId, index, reason: 'The run has not finished.' };
  }

  // The task carries the name; only a task queued before it did needs the agent read.
  const name = task.agentName ?? (await agents.get(deps.store, task.agentId))?.data.name;
  const news: RunNews = {
    agent: { id: task.agentId, name: name ?? exec.data.draft?.name ?? 'Agent' },
    execution: {
      id: executionId,
      status: exec.data.status,
      result: exec.data.result,
      error: exec.data.error,
      costUsd: roundUsd(exec.data.costUsd),
      startTime: exec.data.startTime,
      endTime: exec.data.endTime,
      url: runUrl(deps.config, executionId),
    },
  };
  const now = () => deps.now().toISOString();
  try {
    await sendDelivery(deps, {
      userId: task.userId,
      agentId: task.agentId,
      delivery: task.delivery,
      news,
      messageId: `msg_${executionId}_${index}`,
    });
  } catch (err) {
    const failure = err instanceof DeliveryFailure ? err : new DeliveryFailure(String(err), false);
    const maxAttempts = deps.config.deliveryQueue.retryConfig.maxAttempts;
    const last = failure.permanent || (maxAttempts > 0 && delivery.retryCount + 1 >= maxAttempts);
    await markDelivery(deps, executionId, index, (r) =>
      r.status !== 'pending'
        ? r
        : {
            ...r,
            status: last ? 'failed' : 'pending',
            attempts: r.attempts + 1,
            lastError: failure.message.slice(0, ERROR_MAX),
          },
    );
    log.warn('delivery attempt failed', {
      executionId,
      index,
      type: task.delivery.type,
      permanent: failure.permanent,
      last,
      error: failure.message,
    });
    if (last) return { outcome: 'failed', executionId, index, reason: failure.message };
    return { outcome: 'retry', executionId, index, reason: failure.message };
  }
  const sent = (r: DeliveryRecord): DeliveryRecord => ({
    ...r,
    status: 'sent',
    attempts: r.attempts + 1,
    lastError: null,
    sentAt: now(),
  });
  await markDelivery(deps, executionId, index, (r) => (r.status === 'pending' ? sent(r) : r));
  return { outcome: 'success', executionId, index };
}
