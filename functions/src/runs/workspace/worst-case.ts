/**
 * The most one workspace run can cost, from its time limit and the model's
 * prices: what a budget hold reserves before the run starts. The CLI is given
 * the hold as `--max-budget-usd`, less one turn when the hold is smaller than what
 * the time limit allows (`sessionBudgetUsd`), so the hold is also enforced. When the full worst case does not fit the budgets left,
 * the claim holds what is left instead (runs/run-holds.ts `fitWorkspaceAsk`) and
 * the session gets a smaller limit: a guest's $0.50 still runs a short session.
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

/** The most a session of `model` can use in `timeoutSeconds`, at the ceiling rates. */
function usageWithin(timeoutSeconds: number): TokenUsage {
  const r = WORKSPACE_RATES;
  return {
    ...ZERO_USAGE,
    input: r.inputPerSecond * timeoutSeconds,
    output: r.outputPerSecond * timeoutSeconds,
    cacheRead: r.cacheReadPerSecond * timeoutSeconds,
    cacheWrite: r.cacheWritePerSecond * timeoutSeconds,
  };
}

/** The worst-case cost of one workspace run of `model` lasting `timeoutSeconds` (capped by WORKSPACE_MAX_BUDGET_USD), with its tokens: what the claim holds. */
export function workspaceWorstCase(
  config: Config,
  model: string,
  timeoutSeconds: number,
): { usd: number; tokens: number } {
  const usage = usageWithin(timeoutSeconds);
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

/**
 * The most one turn of a session can add: Claude Code checks `--max-budget-usd`
 * only between turns, so a session can pass its limit by one turn. A turn writes
 * at most `CLAUDE_CODE_MAX_OUTPUT_TOKENS` (the run's per-call output ceiling, set
 * by port.ts), reads its context from the cache (at most the model's 200,000-token
 * window) and caches what the last tool gave it (a Read is cut at 25,000 tokens).
 */
export const TURN_CEILING_TOKENS = { cacheRead: 200_000, cacheWrite: 32_000 } as const;

export function workspaceTurnCeilingUsd(config: Config, model: string): number {
  return costUsd(config.models, model, {
    ...ZERO_USAGE,
    output: config.run.maxOutputTokens,
    cacheRead: TURN_CEILING_TOKENS.cacheRead,
    cacheWrite: TURN_CEILING_TOKENS.cacheWrite,
  });
}

/** A session given less than this to spend could barely start; the run is refused instead. */
export const MIN_SESSION_USD = 0.05;

/**
 * What the CLI may spend (`--max-budget-usd`) when `heldUsd` is held for a session
 * of `timeoutSeconds`. A hold that covers all the session can use in its time
 * limit is the limit itself: the time keeps the session within it. A smaller hold
 * (a capped worst case, or what a budget had left) less one turn, so the turn that
 * passes the CLI's limit still ends within the hold. Null when that leaves less
 * than MIN_SESSION_USD.
 */
export function sessionBudgetUsd(
  config: Config,
  model: string,
  heldUsd: number,
  timeoutSeconds: number,
): number | null {
  if (heldUsd >= costUsd(config.models, model, usageWithin(timeoutSeconds))) return heldUsd;
  const budget = Math.floor((heldUsd - workspaceTurnCeilingUsd(config, model)) * 100) / 100;
  return budget >= MIN_SESSION_USD ? budget : null;
}
