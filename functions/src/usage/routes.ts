/** `GET /api/usage` (docs/api.md "Usage"): this month's tokens, cost and the budget left. */
import type { Route } from '../http/router';
import { getUsage } from './service';

export const usageRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/usage',
    async handle({ deps, user }) {
      return { status: 200, body: await getUsage(deps, user.uid, user.provider) };
    },
  },
];
