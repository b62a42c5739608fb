/** The `agents` HTTP function: agent CRUD, run-now, executions, usage (docs/api.md), the guest merge and deliveries. */
import { accountRoutes } from '../account/routes';
import { libraryRoutes } from '../agents/library-routes';
import { agentRoutes } from '../agents/routes';
import { deliveryRoutes } from '../deliveries/routes';
import { httpFunction } from '../http/router';
import { runRoutes } from '../runs/routes';
import { adapters } from '../shared/factory';
import { usageRoutes } from '../usage/routes';

export const agents = httpFunction(
  [...agentRoutes, ...libraryRoutes, ...runRoutes, ...usageRoutes, ...accountRoutes, ...deliveryRoutes],
  adapters,
);
