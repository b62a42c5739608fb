/** The `agents` HTTP function: agent CRUD, run-now, executions, usage (docs/api.md) and the guest merge. */
import { accountRoutes } from '../account/routes';
import { libraryRoutes } from '../agents/library-routes';
import { agentRoutes } from '../agents/routes';
import { httpFunction } from '../http/router';
import { runRoutes } from '../runs/routes';
import { adapters } from '../shared/factory';
import { usageRoutes } from '../usage/routes';

export const agents = httpFunction(
  [...agentRoutes, ...libraryRoutes, ...runRoutes, ...usageRoutes, ...accountRoutes],
  adapters,
);
