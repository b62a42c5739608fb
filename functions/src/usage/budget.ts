/**
 * Monthly token budgets (DESIGN.md "Budgets"): each user's usage per calendar
 * month (UTC) lives on `users/{uid}`; once it reaches the budget, runs and chat
 * turns are refused before any model call, until the month turns.
 */
import type { TokenUsage } from '../model/usage';
import { budgetTokens } from '../model/usage';
import { increment, type Store, type StoredDoc, type Transaction } from '../ports/store';
import type { Config } from '../shared/config';
import { ResourceExhaustedError } from '../shared/errors';

export interface MonthUsage {
  input: number;
  output: number;
  costUsd: number;
}

export interface UserDoc {
  userId: string;
  /** Keyed by month, `2026-11`. */
  usage: Record<string, MonthUsage>;
  /** A per-user budget in tokens that overrides the deployment's default. */
  budget?: number | null;
  createdAt: string;
}

export const userPath = (uid: string) => `users/${uid}`;

/** The usage month of an instant: `YYYY-MM` in UTC. */
export function monthKey(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** The first instant of the next month (UTC), when a spent budget comes back. */
export function nextMonthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

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
  const used = user?.usage?.[month] ?? { input: 0, output: 0, costUsd: 0 };
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

/** Throws 429 `resource_exhausted` when this month's budget is spent. */
export async function assertWithinBudget(
  deps: { store: Store; config: Config; now: () => Date },
  uid: string,
): Promise<BudgetState> {
  const user = await deps.store.get<UserDoc>(userPath(uid));
  const state = budgetState(user?.data, deps.config, deps.now());
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

/** First half of recording usage inside a transaction: the read (reads come before writes). */
export function readUserForUsage(tx: Transaction, uid: string): Promise<StoredDoc<UserDoc> | null> {
  return tx.get<UserDoc>(userPath(uid));
}

/** Second half: adds `usage` and `cost` to the user's month, creating the user document if needed. */
export function writeUserUsage(
  tx: Transaction,
  existing: StoredDoc<UserDoc> | null,
  uid: string,
  now: Date,
  usage: TokenUsage,
  cost: number,
): void {
  const month = monthKey(now);
  const output = usage.output;
  const input = budgetTokens(usage) - output;
  if (!existing) {
    const doc: UserDoc = {
      userId: uid,
      usage: { [month]: { input, output, costUsd: cost } },
      budget: null,
      createdAt: now.toISOString(),
    };
    tx.create(userPath(uid), doc as unknown as Record<string, unknown>);
    return;
  }
  tx.update(userPath(uid), {
    [`usage.${month}.input`]: increment(input),
    [`usage.${month}.output`]: increment(output),
    [`usage.${month}.costUsd`]: increment(cost),
  });
}
