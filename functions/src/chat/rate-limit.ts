/**
 * The per-user limit on chat turns (config.chat.turnsPerMinute), on the shared
 * store-kept limiter (usage/rate-limit.ts).
 */
import type { Store } from '@agent-platform/core/ports';
import { chatTurnLogs } from '../store/rate-limits';
import { takeSlot, tryAgainIn, tryAgainInKo } from '../usage/rate-limit';

/** Counts a turn for `uid`, or throws 429 `resource_exhausted` (with `Retry-After`) when the last minute is full. */
export async function takeTurn(deps: { store: Store; now: () => Date }, uid: string, perMinute: number): Promise<void> {
  await takeSlot(deps, uid, {
    log: chatTurnLogs,
    perMinute,
    refusal: (wait) => ({
      en: `Too many messages: at most ${perMinute} a minute. ${tryAgainIn(wait)}`,
      ko: `메시지가 너무 많습니다. 1분에 ${perMinute}개까지 보낼 수 있습니다. ${tryAgainInKo(wait)}`,
    }),
  });
}
