/**
 * The one place SDK errors become ours: transient ones (rate limits, overload,
 * 5xx, timeouts, dropped connections) are retryable; the rest are permanent and
 * carry a message a person understands.
 */
// The error classes alone: a small module, unlike the whole SDK (see client.ts).

import { AppError, NonRetriableError, UnavailableError } from '@agent-platform/core/errors';
import * as Anthropic from '@anthropic-ai/sdk/core/error';

/** Why a model call failed, as a stable word the web says in Korean or English. */
export type ModelErrorReason =
  | 'timeout'
  | 'unreachable'
  | 'rate_limited'
  | 'overloaded'
  | 'temporary'
  | 'auth'
  | 'refused'
  | 'unexpected';

/** Maps anything the SDK throws to a retryable or a permanent AppError (with its `reason`). */
export function toModelError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof Anthropic.APIUserAbortError) {
    return new UnavailableError('The model call was stopped: it took longer than allowed.', err, 'timeout');
  }
  if (err instanceof Anthropic.APIConnectionError) {
    return new UnavailableError('Could not reach the model service.', err, 'unreachable');
  }
  if (err instanceof Anthropic.APIError) {
    const status = err.status ?? 0;
    if (status === 429)
      return new UnavailableError('The model service is rate limiting requests right now.', err, 'rate_limited');
    if (status === 529) return new UnavailableError('The model service is overloaded right now.', err, 'overloaded');
    if (status >= 500 || status === 408 || status === 409) {
      return new UnavailableError(`The model service had a temporary error (${status}).`, err, 'temporary');
    }
    if (status === 401 || status === 403) {
      return new NonRetriableError(
        'The platform could not authenticate with the model service. An operator must fix the API key.',
        err,
        'auth',
      );
    }
    return new NonRetriableError(`The model service refused the request: ${apiMessage(err)}`, err, 'refused');
  }
  return new NonRetriableError('The model call failed unexpectedly.', err, 'unexpected');
}

function apiMessage(err: Anthropic.APIError): string {
  const body = err.error as { error?: { message?: string } } | undefined;
  return body?.error?.message ?? err.message;
}
