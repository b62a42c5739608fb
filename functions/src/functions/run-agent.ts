/**
 * `runAgent`, the Cloud Tasks target. Only the task queue may call it (a
 * Google-signed OIDC token for our own URL from the invoker service account; the
 * local stand-in's token locally). Cloud Tasks retries anything but 2xx, so
 * 2xx means "done, nothing to do, or failed for good" and 503 means "try again"
 * (with `Retry-After` when the service knows when: a live lease held by another
 * delivery; Cloud Tasks honours it).
 */

import { UnauthenticatedError } from '@agent-platform/core/errors';
import { bearerToken } from '@agent-platform/core/ports';
import type { Request, Response } from '@google-cloud/functions-framework';
import { z } from 'zod';
import { sendError, sendJson } from '../http/respond';
import { runTask } from '../runs/worker';
import { adapters } from '../shared/factory';
import { log } from '../shared/log';

const Payload = z.object({
  executionId: z.string().min(1).max(500),
  agentId: z.string().min(1).nullable(),
  userId: z.string().min(1),
  trigger: z.enum(['schedule', 'manual', 'test']),
  scheduledFor: z.string(),
});

export async function runAgent(req: Request, res: Response): Promise<void> {
  const deps = adapters();
  try {
    const token = bearerToken(req.headers.authorization);
    if (!token) throw new UnauthenticatedError('Only the task queue may call this function.');
    await deps.auth.verifyTaskCaller(token);
  } catch (err) {
    sendError(res, err, req);
    return;
  }
  const parsed = Payload.safeParse(req.body);
  if (!parsed.success) {
    // No retry will make a malformed task valid: acknowledge it so the queue drops it.
    log.error('runAgent got a malformed task', {
      task: req.header('x-cloudtasks-taskname'),
      issues: parsed.error.issues,
    });
    sendJson(res, 200, { outcome: 'rejected', reason: 'Malformed task payload.' });
    return;
  }
  try {
    const retryCount = Number.parseInt(req.header('x-cloudtasks-taskretrycount') ?? '', 10);
    const result = await runTask(deps, parsed.data, {
      signal: req.abortController?.signal,
      retryCount: Number.isFinite(retryCount) && retryCount >= 0 ? retryCount : 0,
    });
    log.info('run task handled', {
      ...result,
      task: req.header('x-cloudtasks-taskname'),
      retryCount: req.header('x-cloudtasks-taskretrycount'),
    });
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
}
