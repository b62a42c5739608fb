/**
 * The one place SDK errors become ours: transient ones (rate limits, overload,
 * 5xx, timeouts, dropped connections) are retryable; the rest are permanent and
 * carry a message a person understands.
 */
import { AppError, NonRetriableError, UnavailableError } from '@agent-platform/core/errors';
import type * as Anthropic from '@anthropic-ai/sdk/core/error';

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
  // The error classes alone, loaded on the first failed call (by then the SDK has loaded them): not at every cold start.
  const SDK = require('@anthropic-ai/sdk/core/error') as typeof Anthropic;
  if (err instanceof SDK.APIUserAbortError) {
    return new UnavailableError(
      {
        en: 'The model call was stopped: it took longer than allowed.',
        ko: '모델 호출이 허용된 시간을 넘겨 중단되었습니다.',
      },
      err,
      'timeout',
    );
  }
  if (err instanceof SDK.APIConnectionError) {
    return new UnavailableError(
      { en: 'Could not reach the model service.', ko: '모델 서비스에 연결할 수 없습니다.' },
      err,
      'unreachable',
    );
  }
  if (err instanceof SDK.APIError) {
    const status = err.status ?? 0;
    if (status === 429)
      return new UnavailableError(
        {
          en: 'The model service is rate limiting requests right now.',
          ko: '모델 서비스가 지금 요청 수를 제한하고 있습니다.',
        },
        err,
        'rate_limited',
      );
    if (status === 529)
      return new UnavailableError(
        { en: 'The model service is overloaded right now.', ko: '모델 서비스가 지금 과부하 상태입니다.' },
        err,
        'overloaded',
      );
    if (status >= 500 || status === 408 || status === 409) {
      return new UnavailableError(
        {
          en: `The model service had a temporary error (${status}).`,
          ko: `모델 서비스에 일시적인 오류가 있었습니다 (${status}).`,
        },
        err,
        'temporary',
      );
    }
    if (status === 401 || status === 403) {
      return new NonRetriableError(
        {
          en: 'The platform could not authenticate with the model service. An operator must fix the API key.',
          ko: '플랫폼이 모델 서비스에 인증하지 못했습니다. 운영자가 API 키를 고쳐야 합니다.',
        },
        err,
        'auth',
      );
    }
    return new NonRetriableError(
      {
        en: `The model service refused the request: ${apiMessage(err)}`,
        ko: `모델 서비스가 요청을 거부했습니다: ${apiMessage(err)}`,
      },
      err,
      'refused',
    );
  }
  return new NonRetriableError(
    { en: 'The model call failed unexpectedly.', ko: '모델 호출이 예기치 않게 실패했습니다.' },
    err,
    'unexpected',
  );
}

function apiMessage(err: Anthropic.APIError): string {
  const body = err.error as { error?: { message?: string } } | undefined;
  return body?.error?.message ?? err.message;
}
