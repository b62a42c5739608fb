/** `GET /api/usage`: this month's tokens, cost and the budget left. */

import { roundUsd } from '../model/usage';
import { adapters } from '../shared/factory';
import type { Route } from '../shared/http';
import { budgetState, type UserDoc, userPath } from './budget';

export const usageRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/usage',
    async handle({ user }) {
      const { store, config, now } = adapters();
      const doc = await store.get<UserDoc>(userPath(user.uid));
      const state = budgetState(doc?.data, config, now());
      return {
        status: 200,
        body: {
          month: state.month,
          tokens: { input: state.used.input, output: state.used.output, total: state.usedTokens },
          costUsd: roundUsd(state.used.costUsd),
          budget: { tokens: state.budgetTokens, remaining: state.remainingTokens },
          resetsAt: state.resetsAt,
        },
      };
    },
  },
];
