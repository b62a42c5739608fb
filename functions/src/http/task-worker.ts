/**
 * The HTTP edge of a private worker (a Cloud Tasks target): the caller check,
 * the payload, and what the queue hears back. Cloud Tasks retries anything but
 * 2xx (https://cloud.google.com/tasks/docs/creating-http-target-tasks), so 2xx
 * means "done, nothing to do, or failed for good" and 503 means "try again"
 * (with `Retry-After` when the worker knows when; Cloud Tasks honours it).
 */

import type * as z from '@agent-platform/core/zod';
import type { Request, Response } from '@google-cloud/functions-framework';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import { installRequestEdge } from './request-edge';
import { sendError, sendJson } from './respond';
import { checkTaskCaller } from './task-caller';

installRequestEdge();

/** What a worker made of one delivery. */
export type WorkerOutcome =
  | { outcome: 'success' | 'failed'; [detail: string]: unknown }
  | { outcome: 'noop'; reason: string; [detail: string]: unknown }
  | { outcome: 'retry'; reason: string; retryAfterSeconds?: number; [detail: string]: unknown };

/** What a delivery tells the worker besides its payload. */
export interface Delivery {
  /** Earlier deliveries of this task (`X-CloudTasks-TaskRetryCount`); 0 when unknown. */
  retryCount: number;
  /** The task's name (`X-CloudTasks-TaskName`), for the logs. */
  taskName: string | undefined;
  /** Aborted when the request is (the caller left, or the function's timeout). */
  signal: AbortSignal | undefined;
}

export interface TaskWorker<P> {
  /** For the logs: `runAgent`, `chatTurn`. */
  name: string;
  /** This worker's URL, the audience its tokens must name. */
  url(deps: Adapters): string | undefined;
  payload: z.ZodMiniType<P>;
  handle(deps: Adapters, payload: P, delivery: Delivery): Promise<WorkerOutcome>;
}

/** Builds the HTTP function of a private worker. */
export function taskWorker<P>(
  worker: TaskWorker<P>,
  deps: () => Adapters,
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const d = deps();
    try {
      // Tokens expire on the wall clock, whatever time the business clock says it is (tests move that one).
      checkTaskCaller(req, worker.url(d), d.config, new Date());
    } catch (err) {
      sendError(res, err, req);
      return;
    }
    const taskName = req.header('x-cloudtasks-taskname');
    const parsed = worker.payload.safeParse(req.body);
    if (!parsed.success) {
      // No retry will make a malformed task valid: acknowledge it so the queue drops it.
      log.error(`${worker.name} got a malformed task`, { task: taskName, issues: parsed.error.issues });
      sendJson(res, 200, { outcome: 'rejected', reason: 'Malformed task payload.' });
      return;
    }
    try {
      const retryCount = Number.parseInt(req.header('x-cloudtasks-taskretrycount') ?? '', 10);
      const result = await worker.handle(d, parsed.data, {
        retryCount: Number.isFinite(retryCount) && retryCount >= 0 ? retryCount : 0,
        taskName,
        signal: req.abortController?.signal,
      });
      log.info(`${worker.name} task handled`, { ...result, task: taskName, retryCount });
      if (result.outcome === 'retry') {
        const headers = result.retryAfterSeconds ? { 'Retry-After': String(result.retryAfterSeconds) } : undefined;
        sendJson(res, 503, { error: { code: 'unavailable', message: result.reason } }, headers);
        return;
      }
      sendJson(res, 200, result);
    } catch (err) {
      // Store contention or an outage: retryable errors answer 503 and the queue tries again.
      sendError(res, err, req);
    }
  };
}
