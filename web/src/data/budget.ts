/**
 * The person's monthly budget in dollars, for the estimate's warning. Read from
 * `GET /api/usage` once per session and kept: the budget itself changes only
 * with the deployment's settings or a sign-in, which makes a new API client.
 */
import type { Api } from './api';
import { client } from './client';

const budgets = new WeakMap<Api, Promise<number | null>>();

/** The monthly budget in dollars, or null when it cannot be told (then nothing warns). */
export function monthlyBudgetUsd(): Promise<number | null> {
  let api: Api;
  try {
    api = client().api;
  } catch {
    // No session yet (a component shown on its own): nothing to warn against.
    return Promise.resolve(null);
  }
  let budget = budgets.get(api);
  if (!budget) {
    budget = api.usage().then(
      (u) => (u.budget.usd > 0 ? u.budget.usd : null),
      () => null,
    );
    budgets.set(api, budget);
  }
  return budget;
}
