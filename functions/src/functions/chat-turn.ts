/**
 * `chatTurn`, the private worker of the chat turns queue: a designer turn
 * started with `Prefer: respond-async` runs here to its end (chat/worker.ts).
 * Only Cloud Tasks may call it (http/task-caller.ts).
 */
import * as z from '@agent-platform/core/zod';
import { runTurnTask } from '../chat/worker';
import { taskWorker } from '../http/task-worker';
import { adapters } from '../shared/factory';

const TurnPayload = z.object({
  conversationId: z.string().check(z.minLength(1), z.maxLength(128)),
  messageId: z.string().check(z.minLength(1), z.maxLength(128)),
  userId: z.string().check(z.minLength(1)),
});

export const chatTurn = taskWorker(
  {
    name: 'chatTurn',
    url: (deps) => deps.config.tasks.chatTurnUrl,
    payload: TurnPayload,
    handle: (deps, payload) => runTurnTask(deps, payload),
  },
  adapters,
);
