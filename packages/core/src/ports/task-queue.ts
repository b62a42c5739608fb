/**
 * The TaskQueue port: one named task per agent run, delivered to `runAgent` at
 * its `scheduleTime` (Cloud Tasks in production, the local stand-in otherwise).
 * A task whose name exists already (or ran within about the last hour) is not
 * created again: that is how a sweeper running twice stays harmless.
 */

/** What runAgent receives as the JSON body of a task. */
export interface RunTaskPayload {
  executionId: string;
  agentId: string | null;
  userId: string;
  trigger: 'schedule' | 'manual' | 'test';
  /** ISO time of the run this task is for. */
  scheduledFor: string;
}

export interface RunTask {
  /** `[A-Za-z0-9_-]{1,500}`, derived from the execution id. */
  name: string;
  scheduleTime: Date;
  payload: RunTaskPayload;
}

export interface TaskQueue {
  /** `created` for a new task, `exists` when a task of that name already was. */
  enqueue(task: RunTask): Promise<'created' | 'exists'>;
}

/** Cloud Tasks refuses schedule times beyond this (https://cloud.google.com/tasks/docs/quotas). */
export const MAX_SCHEDULE_AHEAD_MS = 30 * 24 * 60 * 60 * 1000;

/** Task name for an execution: only the characters Cloud Tasks accepts. */
export function taskNameFor(executionId: string): string {
  return executionId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 500);
}
