/**
 * `runAgent`, the private worker of the runs queue: one delivery of a run task
 * (runs/worker.ts). Only Cloud Tasks may call it (http/task-caller.ts).
 */
import * as z from '@agent-platform/core/zod';
import { taskWorker } from '../http/task-worker';
import { runTask } from '../runs/worker';
import { adapters } from '../shared/factory';

const RunPayload = z.object({
  executionId: z.string().check(z.minLength(1), z.maxLength(500)),
  agentId: z.nullable(z.string().check(z.minLength(1))),
  userId: z.string().check(z.minLength(1)),
  trigger: z.enum(['schedule', 'manual', 'test']),
  scheduledFor: z.string(),
});

export const runAgent = taskWorker(
  {
    name: 'runAgent',
    url: (deps) => deps.config.tasks.runAgentUrl,
    payload: RunPayload,
    handle: (deps, payload, delivery) => runTask(deps, payload, delivery),
  },
  adapters,
);
