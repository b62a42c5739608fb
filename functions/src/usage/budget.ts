/**
 * Monthly token budgets: each user's usage per calendar month (UTC) lives on
 * `users/{uid}`; once it reaches the budget, runs and chat turns are refused
 * before any model call, until the month turns.
 */
import { ResourceExhaustedError } from '@agent-platform/core/errors';
import type { StoreReader } from '@agent-platform/core/ports';
import { type MonthUsage, monthKey, nextMonthStart, type UserDoc } from '@agent-platform/core/usage';
import type { Config } from '../shared/config';
import type { Doc } from '../store/collection';
import { users } from '../store/users';

export interface BudgetState {
  month: string;
  used: MonthUsage;
  budgetTokens: number;
  usedTokens: number;
  remainingTokens: number;
  resetsAt: string;
}

/** This month's usage and what is left of the budget. */
export function budgetState(user: UserDoc | undefined, config: Config, now: Date): BudgetState {
  const month = monthKey(now);
  const used = user?.usage[month] ?? { input: 0, output: 0, costUsd: 0 };
  const budget = user?.budget ?? config.budget.userMonthlyTokens;
  const usedTokens = used.input + used.output;
  return {
    month,
    used,
    budgetTokens: budget,
    usedTokens,
    remainingTokens: Math.max(0, budget - usedTokens),
    resetsAt: nextMonthStart(now).toISOString(),
  };
}

/** Reads the user's budget state (outside a transaction, or inside one as its read). */
export async function readBudget(
  deps: { config: Config; now: () => Date },
  reader: StoreReader,
  uid: string,
): Promise<{ user: Doc<UserDoc> | null; state: BudgetState }> {
  const user = await users.get(reader, uid);
  return { user, state: budgetState(user?.data, deps.config, deps.now()) };
}

/** Throws 429 `resource_exhausted` when this month's budget is spent. */
export async function assertWithinBudget(
  deps: { store: StoreReader; config: Config; now: () => Date },
  uid: string,
): Promise<BudgetState> {
  const { state } = await readBudget(deps, deps.store, uid);
  if (state.remainingTokens <= 0) throw new ResourceExhaustedError(budgetRefusal(state));
  return state;
}

/** What a person reads when the budget is spent: how much, until when, and that nothing was lost. */
export function budgetRefusal(state: BudgetState): string {
  return (
    `This month's token budget is spent (${state.usedTokens.toLocaleString('en-US')} of ${state.budgetTokens.toLocaleString('en-US')} tokens). ` +
    `Runs and chat resume on ${state.resetsAt.slice(0, 10)} or when the budget is raised; your agents and schedules are kept.`
  );
}
