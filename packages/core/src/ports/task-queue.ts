/**
 * The TaskQueue port: one named task per unit of work, delivered as an HTTP
 * POST to a private worker at its `scheduleTime` (Cloud Tasks in production, the
 * local stand-in otherwise). Each target has its own queue. A task whose name
 * exists already (or ran within about the last hour) is not created again: that
 * is how a sweeper running twice stays harmless.
 */
import type { Delivery } from '../agent/deliveries';

/** What runAgent receives as the JSON body of a task. */
export interface RunTaskPayload {
  executionId: string;
  agentId: string | null;
  userId: string;
  trigger: 'schedule' | 'manual' | 'test';
  /** ISO time of the run this task is for. */
  scheduledFor: string;
}

/** What chatTurn receives: the designer turn whose reply it is to write. */
export interface TurnTaskPayload {
  conversationId: string;
  /** The assistant reply the turn writes (stored, `streaming`, when the task is made). */
  messageId: string;
  userId: string;
}

/**
 * What deliver receives: one delivery of one finished run. The delivery is
 * carried as it was when the run ended, so editing the agent later changes
 * nothing already on its way.
 */
export interface DeliverTaskPayload {
  executionId: string;
  /** Its place in the execution's `deliveries`. */
  index: number;
  userId: string;
  agentId: string;
  /** The agent's name when its run ended, for the message (tasks queued before it existed lack it). */
  agentName?: string;
  delivery: Delivery;
}

/** The private workers tasks go to, and what each receives. */
export interface TaskPayloads {
  runAgent: RunTaskPayload;
  chatTurn: TurnTaskPayload;
  deliver: DeliverTaskPayload;
}
export type TaskTarget = keyof TaskPayloads;

/** A task for one target: `[A-Za-z0-9_-]{1,500}` name, when, and its payload. */
export type Task<T extends TaskTarget = TaskTarget> = {
  [K in T]: { target: K; name: string; scheduleTime: Date; payload: TaskPayloads[K] };
}[T];
export type RunTask = Task<'runAgent'>;
export type TurnTask = Task<'chatTurn'>;

export interface TaskQueue {
  /** `created` for a new task, `exists` when a task of that name already was. */
  enqueue(task: Task): Promise<'created' | 'exists'>;
}

/** Cloud Tasks refuses schedule times beyond this (https://cloud.google.com/tasks/docs/quotas). */
export const MAX_SCHEDULE_AHEAD_MS = 30 * 24 * 60 * 60 * 1000;

/** Cloud Tasks refuses a task larger than this (https://cloud.google.com/tasks/docs/quotas). */
export const MAX_TASK_BYTES = 1024 * 1024;

/** Task name for an id: only the characters Cloud Tasks accepts. */
export function taskNameFor(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 500);
}
