/**
 * `deliver`, the private worker of the deliveries queue: one delivery of a
 * finished run (deliveries/worker.ts). Only Cloud Tasks may call it
 * (http/task-caller.ts).
 */
import { DeliverySchema, NAME_MAX } from '@agent-platform/core/agent';
import * as z from '@agent-platform/core/zod';
import { deliverTask } from '../deliveries/worker';
import { taskWorker } from '../http/task-worker';
import { adapters } from '../shared/factory';

const DeliverPayload = z.object({
  executionId: z.string().check(z.minLength(1), z.maxLength(500)),
  index: z.number().check(z.int(), z.minimum(0), z.maximum(10)),
  userId: z.string().check(z.minLength(1)),
  agentId: z.string().check(z.minLength(1)),
  agentName: z.optional(z.string().check(z.maxLength(NAME_MAX))),
  delivery: DeliverySchema,
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
