/**
 * The one error type the web app's data layer raises: the API's error body
 * (docs/api.md, "Errors"), or the same shape for network and live-feed failures, so
 * components and the notifier handle every failure one way.
 */

// The API's codes and field issues, from the functions' one definition (type-only).
import type { ErrorCode, FieldIssue } from '@agent-platform/core/errors';

export type { ErrorCode, FieldIssue };

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status = 0,
    readonly details: FieldIssue[] = [],
    /** For a chat turn that failed after it began: the conversation it is stored in. */
    readonly conversationId?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'invalid_argument',
  401: 'unauthenticated',
  403: 'permission_denied',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  429: 'resource_exhausted',
  503: 'unavailable',
};

/** Reads an error response (JSON error body or anything else) into an ApiError. */
export async function errorFromResponse(res: Response): Promise<ApiError> {
  const fallback = CODE_BY_STATUS[res.status] ?? 'internal';
  try {
    const body = (await res.json()) as {
      error?: { code?: ErrorCode; message?: string; details?: FieldIssue[]; conversationId?: string };
    };
    const e = body.error;
    if (e && typeof e.message === 'string') {
      const conversation = typeof e.conversationId === 'string' ? e.conversationId : undefined;
      return new ApiError(
        e.code ?? fallback,
        e.message,
        res.status,
        Array.isArray(e.details) ? e.details : [],
        conversation,
      );
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): fall through to the status text.
  }
  return new ApiError(fallback, res.statusText || `HTTP ${res.status}`, res.status);
}

/** Turns anything thrown (TypeError from fetch, Firebase errors…) into an ApiError. */
export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const code = (err as { code?: string })?.code;
  if (code === 'permission-denied') return new ApiError('permission_denied', String((err as Error).message), 403);
  if (code === 'unavailable') return new ApiError('unavailable', String((err as Error).message), 503);
  if (err instanceof TypeError) return new ApiError('unavailable', err.message);
  return new ApiError('internal', err instanceof Error ? err.message : String(err));
}
