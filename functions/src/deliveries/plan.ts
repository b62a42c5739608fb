/**
 * What a run's end sets off: the agent's deliveries that fire on its outcome.
 * Their records are written in the transaction that finishes the run
 * (runs/finish.ts), so a run never ends without them; their tasks are enqueued
 * after that commits, each named after (execution, index), so finishing code
 * that runs twice never sends twice. A delivery never delays or fails its run:
 * a task that cannot be enqueued marks its record failed instead. A worker that
 * stops between the two leaves records pending; the run's task, which got no
 * answer, comes again and queues them then (`requeuePendingDeliveries`).
 */
import { type AgentDoc, type DeliveryRecord, firesOn, redactTarget } from '@agent-platform/core/agent';
import { type DeliverTaskPayload, taskNameFor } from '@agent-platform/core/ports';
import type { ExecutionDoc } from '@agent-platform/core/runs';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import { agents } from '../store/agents';
import { markDelivery } from './record';

export interface PlannedDeliveries {
  records: DeliveryRecord[];
  tasks: DeliverTaskPayload[];
}

/** The deliveries of an agent's run that ended with `status` (none for test runs of drafts). */
export function planDeliveries(
  executionId: string,
  agent: { id: string; data: AgentDoc } | null,
  status: 'success' | 'failed',
): PlannedDeliveries {
  if (!agent) return { records: [], tasks: [] };
  const firing = agent.data.deliveries.filter((d) => firesOn(d, status));
  return {
    records: firing.map((d) => ({
      type: d.type,
      target: redactTarget(d),
      status: 'pending',
      attempts: 0,
      lastError: null,
      sentAt: null,
    })),
    tasks: firing.map((delivery, index) => ({
      executionId,
      index,
      userId: agent.data.userId,
      agentId: agent.id,
      agentName: agent.data.name,
      delivery,
    })),
  };
}

/** The task name of one delivery: the same however often the run's end is handled. */
export function deliveryTaskName(executionId: string, index: number): string {
  return `${taskNameFor(`deliver-${executionId}`).slice(0, 480)}-${index}`;
}

/** Enqueues a finished run's deliveries (after its outcome committed). */
export async function enqueueDeliveries(deps: Adapters, tasks: readonly DeliverTaskPayload[]): Promise<void> {
  for (const task of tasks) {
    try {
      await deps.tasks.enqueue({
        target: 'deliver',
        name: deliveryTaskName(task.executionId, task.index),
        scheduleTime: deps.now(),
        payload: task,
      });
    } catch (err) {
      log.warn('delivery not queued; recorded as failed', { executionId: task.executionId, index: task.index, err });
      await markDelivery(deps, task.executionId, task.index, (r) =>
        r.status === 'pending' ? { ...r, status: 'failed', lastError: 'Could not be queued.' } : r,
      ).catch((e) => log.error('could not record an unqueued delivery', { executionId: task.executionId, err: e }));
    }
  }
}

/**
 * Queues the deliveries a finished run still has pending and never tried: its worker
 * stopped after the run's outcome committed and before they were queued, and Cloud
 * Tasks delivered the run's task again because it got no answer. Each goes under its
 * own task name, so one that was queued after all is not sent twice; and only while
 * the agent still has the same delivery at that place (an edited agent's new address
 * never gets an older run's result).
 */
export async function requeuePendingDeliveries(deps: Adapters, executionId: string, exec: ExecutionDoc): Promise<void> {
  const unsent = (i: number) => exec.deliveries[i]?.status === 'pending' && exec.deliveries[i]?.attempts === 0;
  if (!exec.deliveries.some((_, i) => unsent(i)) || !exec.agentId) return;
  if (exec.status !== 'success' && exec.status !== 'failed') return;
  const agent = await agents.get(deps.store, exec.agentId);
  const planned = planDeliveries(executionId, agent, exec.status);
  const tasks = planned.tasks.filter((task) => {
    const stored = exec.deliveries[task.index];
    const now = planned.records[task.index];
    return unsent(task.index) && stored?.type === now?.type && stored?.target === now?.target;
  });
  if (tasks.length === 0) return;
  log.warn('finished run had deliveries never queued; queueing them now', { executionId, count: tasks.length });
  await enqueueDeliveries(deps, tasks);
}
