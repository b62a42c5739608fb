/** Writing answers: JSON bodies, and the one place errors become responses. */

import { toErrorResponse } from '@agent-platform/core/errors';
import type { Request, Response } from '@google-cloud/functions-framework';
import { log } from '../shared/log';
import { requestLocale } from './request-locale';

export function sendJson(res: Response, status: number, body?: unknown, headers?: Record<string, string>): void {
  if (headers) for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Cache-Control', 'no-store');
  if (body === undefined) {
    res.status(status).end();
    return;
  }
  res.status(status).json(body);
}

/** Writes any error as the API's error body; logs what the caller does not see. */
export function sendError(res: Response, err: unknown, req?: Request): void {
  const { status, body, headers } = toErrorResponse(err, requestLocale(req));
  if (status >= 500) {
    log.error('request failed', { method: req?.method, path: req?.path, err: describeError(err) });
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, status, body, headers);
}

function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { value: String(err) };
}
