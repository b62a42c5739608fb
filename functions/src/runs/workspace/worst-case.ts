/**
 * The most one workspace run can cost, from its time limit and the model's
 * prices: what a budget hold reserves before the run starts, and the
 * `--max-budget-usd` the CLI is given, so the estimate is also enforced.
 *
 * Claude Code sends its whole conversation on every turn, mostly from the
 * prompt cache, and writes at most a few thousand tokens a turn; the rates
 * below are generous ceilings of what one session reaches per second of wall
 * time (output ~100 tokens/s at most; input mostly cache reads).
 */
import { costUsd } from '../../model/usage';
import type { Config } from '../../shared/config';

/** Ceiling rates of one Claude Code session, per second of its time limit. */
export const WORKSPACE_RATES = {
  outputPerSecond: 100,
  cacheReadPerSecond: 4_000,
  cacheWritePerSecond: 400,
  inputPerSecond: 100,
} as const;

/** The worst-case cost in USD of one workspace run of `model` lasting `timeoutSeconds`, capped by the configured ceiling. */
export function workspaceWorstCaseUsd(config: Config, model: string, timeoutSeconds: number): number {
  const r = WORKSPACE_RATES;
  const byTime = costUsd(config.models, model, {
    input: r.inputPerSecond * timeoutSeconds,
    output: r.outputPerSecond * timeoutSeconds,
    cacheRead: r.cacheReadPerSecond * timeoutSeconds,
    cacheWrite: r.cacheWritePerSecond * timeoutSeconds,
    webSearches: 0,
  });
  return Math.min(byTime, config.workspace.maxBudgetUsd);
}
