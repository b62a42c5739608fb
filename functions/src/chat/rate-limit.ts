/**
 * The per-user limit on chat turns (config.chat.turnsPerMinute). The times of a
 * user's recent turns live in one small document, changed in a transaction, so
 * the limit holds across every instance of the function.
 */
import type { Store } from '../ports/store';
import { ResourceExhaustedError } from '../shared/errors';
import { turnLogPath } from './conversation-store';

const WINDOW_MS = 60_000;

interface TurnLog {
  userId: string;
  /** ISO times of turns within the last minute, oldest first. */
  turns: string[];
}

/** Counts a turn for `uid`, or throws 429 `resource_exhausted` when the last minute is full. */
export async function takeTurn(deps: { store: Store; now: () => Date }, uid: string, perMinute: number): Promise<void> {
  const now = deps.now();
  const since = now.getTime() - WINDOW_MS;
  await deps.store.runTransaction(async (tx) => {
    const doc = await tx.get<TurnLog>(turnLogPath(uid));
    const recent = (doc?.data.turns ?? []).filter((t) => Date.parse(t) > since);
    if (recent.length >= perMinute) {
      const waitSeconds = Math.max(1, Math.ceil((Date.parse(recent[0]!) + WINDOW_MS - now.getTime()) / 1000));
      throw new ResourceExhaustedError(
        `Too many messages: at most ${perMinute} a minute. Try again in ${waitSeconds} second${waitSeconds === 1 ? '' : 's'}.`,
      );
    }
    tx.set(turnLogPath(uid), { userId: uid, turns: [...recent, now.toISOString()] });
  });
}
