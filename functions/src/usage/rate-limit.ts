/**
 * A per-user sliding-window rate limit kept in the store: the times of a
 * user's recent requests live in one small document per (user, limit)
 * (store/rate-limits.ts), changed in a transaction, so the limit holds across
 * every instance of a function. Used for chat turns and hand-started runs.
 */
import { type Bilingual, ResourceExhaustedError } from '@agent-platform/core/errors';
import type { Store } from '@agent-platform/core/ports';
import type { Collection } from '../store/collection';
import type { RequestLog } from '../store/rate-limits';

const WINDOW_MS = 60_000;

export interface RateLimit {
  /** Where this limit keeps each user's recent requests (e.g. `runNowLogs`). */
  log: Collection<RequestLog>;
  perMinute: number;
  /** The 429 message, given how long to wait (e.g. "Too many runs: at most 20 a minute. …"), in both languages. */
  refusal: (waitSeconds: number) => Bilingual;
}

/** "Try again in 12 seconds." */
export const tryAgainIn = (seconds: number): string => `Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`;

/** "12초 후에 다시 시도하세요." */
export const tryAgainInKo = (seconds: number): string => `${seconds}초 후에 다시 시도하세요.`;

/**
 * Counts one request for `uid`, or throws 429 `resource_exhausted` (with
 * `Retry-After`) when the last minute is full. A refused request is not counted.
 */
export async function takeSlot(deps: { store: Store; now: () => Date }, uid: string, limit: RateLimit): Promise<void> {
  const now = deps.now();
  const since = now.getTime() - WINDOW_MS;
  await deps.store.runTransaction(async (tx) => {
    const doc = await limit.log.get(tx, uid);
    const recent = (doc?.data.times ?? []).filter((t) => Date.parse(t) > since);
    if (recent.length >= limit.perMinute) {
      const oldest = Date.parse(recent[0] as string);
      const waitSeconds = Math.max(1, Math.ceil((oldest + WINDOW_MS - now.getTime()) / 1000));
      throw new ResourceExhaustedError(limit.refusal(waitSeconds), waitSeconds);
    }
    limit.log.set(tx, uid, { userId: uid, times: [...recent, now.toISOString()] });
  });
}
