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
import { budgetTokens, costUsd, type TokenUsage, ZERO_USAGE } from '../../model/usage';
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
  return workspaceWorstCase(config, model, timeoutSeconds).usd;
}

/** The same worst case with its tokens, for a budget hold (runs/run-holds.ts). */
export function workspaceWorstCase(
  config: Config,
  model: string,
  timeoutSeconds: number,
): { usd: number; tokens: number } {
  const r = WORKSPACE_RATES;
  const usage: TokenUsage = {
    ...ZERO_USAGE,
    input: r.inputPerSecond * timeoutSeconds,
    output: r.outputPerSecond * timeoutSeconds,
    cacheRead: r.cacheReadPerSecond * timeoutSeconds,
    cacheWrite: r.cacheWritePerSecond * timeoutSeconds,
  };
  return {
    usd: Math.min(costUsd(config.models, model, usage), config.workspace.maxBudgetUsd),
    tokens: budgetTokens(usage),
  };
}

/** Seconds kept back from the run attempt's own limit, so the outcome is written after a stopped workspace. */
const ATTEMPT_MARGIN_SECONDS = 10;

/** The workspace's time limit: `WORKSPACE_TIMEOUT_SECONDS`, within the run attempt's. */
export function workspaceTimeoutSeconds(config: Config): number {
  return Math.max(1, Math.min(config.workspace.timeoutSeconds, config.run.timeoutSeconds - ATTEMPT_MARGIN_SECONDS));
}
