/**
 * Runs a person starts by hand (run now, a draft's test run) share one
 * per-user limit a minute: each is a model call that costs money.
 */
import type { Adapters } from '../shared/factory';
import { runNowLogs } from '../store/rate-limits';
import { takeSlot, tryAgainIn } from '../usage/rate-limit';

/** Counts one hand-started run for `uid`, or throws 429 with `Retry-After`. */
export async function takeManualRunSlot(deps: Pick<Adapters, 'store' | 'now' | 'config'>, uid: string): Promise<void> {
  const perMinute = deps.config.run.runNowPerMinute;
  await takeSlot(deps, uid, {
    log: runNowLogs,
    perMinute,
    refusal: (wait) => `Too many runs started: at most ${perMinute} a minute. ${tryAgainIn(wait)}`,
  });
}
