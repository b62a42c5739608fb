/**
 * The one place user-facing outcomes go: failures (in words, once) and short
 * confirmations. <toast-stack> shows them; everything else only calls `notify`.
 */

import { ApiError, toApiError } from '../data/errors';
import { t } from '../i18n/messages';

export interface Notice {
  id: number;
  kind: 'error' | 'success' | 'info';
  text: string;
}

const listeners = new Set<(n: Notice) => void>();
const recent = new Map<string, number>();
let nextId = 1;

/** Shows a message; the same text within a few seconds is shown only once. */
export function notify(kind: Notice['kind'], text: string): void {
  const now = Date.now();
  const last = recent.get(text);
  if (last !== undefined && now - last < 4000) return;
  recent.set(text, now);
  const notice = { id: nextId++, kind, text };
  for (const fn of listeners) fn(notice);
}

/**
 * Shows a failure in words: the server's message (in the app's language: requests ask
 * for it), or, when no answer came at all, what went wrong with the connection in the
 * app's words rather than the browser's English ("Failed to fetch").
 */
export function notifyError(err: unknown): void {
  const e = err instanceof ApiError ? err : toApiError(err);
  const offline = globalThis.navigator && navigator.onLine === false;
  const unanswered = e.status === 0 && e.code === 'unavailable';
  notify('error', offline ? t().offline : unanswered ? t().unreachable : e.message || t().errorPrefix);
}

export function onNotice(fn: (n: Notice) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}
