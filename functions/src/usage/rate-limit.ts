/**
 * A per-user sliding-window rate limit kept in the store: the times of a
 * user's recent requests live in one small document per (user, limit),
 * changed in a transaction, so the limit holds across every instance of a
 * function. Used for chat turns and run-now.
 */
import type { Store } from '../ports/store';
import { ResourceExhaustedError } from '../shared/errors';

const WINDOW_MS = 60_000;

export interface RateLimit {
  /** The document holding this user's recent requests (e.g. `runNowLogs/{uid}`). */
  path: string;
  /** The field holding the ISO times of requests within the last minute, oldest first. */
  field: string;
  perMinute: number;
  /** The 429 message, given how long to wait (e.g. "Too many runs: at most 20 a minute. …"). */
  refusal: (waitSeconds: number) => string;
}

/** "Try again in 12 seconds." */
export const tryAgainIn = (seconds: number): string => `Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;

/**
 * Counts one request for `uid`, or throws 429 `resource_exhausted` (with
 * `Retry-After`) when the last minute is full. A refused request is not counted.
 */
export async function takeSlot(deps: { store: Store; now: () => Date }, uid: string, limit: RateLimit): Promise<void> {
  const now = deps.now();
  const since = now.getTime() - WINDOW_MS;
  await deps.store.runTransaction(async (tx) => {
    const doc = await tx.get<Record<string, unknown>>(limit.path);
    const stored = doc?.data[limit.field];
    const recent = (Array.isArray(stored) ? (stored as string[]) : []).filter((t) => Date.parse(t) > since);
    if (recent.length >= limit.perMinute) {
      const oldest = Date.parse(recent[0] as string);
      const waitSeconds = Math.max(1, Math.ceil((oldest + WINDOW_MS - now.getTime()) / 1000));
      throw new ResourceExhaustedError(limit.refusal(waitSeconds), waitSeconds);
    }
    tx.set(limit.path, { userId: uid, [limit.field]: [...recent, now.toISOString()] });
  });
}
