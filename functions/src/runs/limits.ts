/**
 * Runs a person starts by hand (run now, a draft's test run) share one
 * per-user limit a minute: each is a model call that costs money.
 */
import type { Adapters } from '../shared/factory';
import { runNowLogs } from '../store/rate-limits';
import { takeSlot, tryAgainIn, tryAgainInKo } from '../usage/rate-limit';

/** Counts one hand-started run for `uid`, or throws 429 with `Retry-After`. */
export async function takeManualRunSlot(deps: Pick<Adapters, 'store' | 'now' | 'config'>, uid: string): Promise<void> {
  const perMinute = deps.config.run.runNowPerMinute;
  await takeSlot(deps, uid, {
    log: runNowLogs,
    perMinute,
    refusal: (wait) => ({
      en: `Too many runs started: at most ${perMinute} a minute. ${tryAgainIn(wait)}`,
      ko: `실행을 너무 많이 시작했습니다. 1분에 ${perMinute}번까지 시작할 수 있습니다. ${tryAgainInKo(wait)}`,
    }),
  });
}
