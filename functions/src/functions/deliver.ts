/**
 * `deliver`, the private worker of the deliveries queue: one delivery of a
 * finished run (deliveries/worker.ts). Only Cloud Tasks may call it
 * (http/task-caller.ts).
 */
import { DeliveriesSchema } from '@agent-platform/core/agent';
import { z } from 'zod';
import { deliverTask } from '../deliveries/worker';
import { taskWorker } from '../http/task-worker';
import { adapters } from '../shared/factory';

const DeliverPayload = z.object({
  executionId: z.string().min(1).max(500),
  index: z.number().int().min(0).max(10),
  userId: z.string().min(1),
  agentId: z.string().min(1),
  delivery: DeliveriesSchema.element,
});

export const deliver = taskWorker(
  {
    name: 'deliver',
    url: (deps) => deps.config.tasks.deliverUrl,
    payload: DeliverPayload,
    handle: (deps, payload, delivery) => deliverTask(deps, payload, delivery),
  },
  adapters,
);
