/** `GET /api/usage`: this month's tokens, cost and the budget left. */
import { roundUsd } from '../model/usage';
import type { Adapters } from '../shared/factory';
import { readBudget } from './budget';

export interface UsageJson {
  month: string;
  tokens: { input: number; output: number; total: number };
  costUsd: number;
  budget: { tokens: number; remaining: number };
  resetsAt: string;
}

export async function getUsage(deps: Pick<Adapters, 'store' | 'config' | 'now'>, uid: string): Promise<UsageJson> {
  const { state } = await readBudget(deps, deps.store, uid);
  return {
    month: state.month,
    tokens: { input: state.used.input, output: state.used.output, total: state.usedTokens },
    costUsd: roundUsd(state.used.costUsd),
    budget: { tokens: state.budgetTokens, remaining: state.remainingTokens },
    resetsAt: state.resetsAt,
  };
}
