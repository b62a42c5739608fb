/**
 * What a run's end sets off: the agent's deliveries that fire on its outcome.
 * Their records are written in the transaction that finishes the run
 * (runs/finish.ts), so a run never ends without them; their tasks are enqueued
 * after that commits, each named after (execution, index), so finishing code
 * that runs twice never sends twice. A delivery never delays or fails its run:
 * a task that cannot be enqueued marks its record failed instead.
 */
import { type AgentDoc, type DeliveryRecord, firesOn, redactTarget } from '@agent-platform/core/agent';
import { type DeliverTaskPayload, taskNameFor } from '@agent-platform/core/ports';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
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
