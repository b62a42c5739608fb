/**
 * The per-user limit on chat turns (config.chat.turnsPerMinute), on the shared
 * store-kept limiter (usage/rate-limit.ts): the times of a user's recent turns
 * live in `chatTurnLogs/{uid}`, so the limit holds across every instance.
 */
import type { Store } from '../ports/store';
import { takeSlot, tryAgainIn } from '../usage/rate-limit';
import { turnLogPath } from './conversation-store';

/** Counts a turn for `uid`, or throws 429 `resource_exhausted` (with `Retry-After`) when the last minute is full. */
export async function takeTurn(deps: { store: Store; now: () => Date }, uid: string, perMinute: number): Promise<void> {
  await takeSlot(deps, uid, {
    path: turnLogPath(uid),
    field: 'turns',
    perMinute,
    refusal: (wait) => `Too many messages: at most ${perMinute} a minute. ${tryAgainIn(wait)}`,
  });
}
