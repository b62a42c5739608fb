/** The `agents` HTTP function: agent CRUD, run-now, executions, usage (API.md) and the guest merge. */
import { accountRoutes } from '../account/routes';
import { agentRoutes } from '../agents/routes';
import { runRoutes } from '../runs/routes';
import { httpFunction } from '../shared/http';
import { usageRoutes } from '../usage/routes';

export const agents = httpFunction([...agentRoutes, ...runRoutes, ...usageRoutes, ...accountRoutes]);
