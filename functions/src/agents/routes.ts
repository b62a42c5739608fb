/**
 * The agent endpoints (docs/api.md "Agents"): create, list, read, change and
 * delete the caller's agents. Handlers only unpack the request; the service decides.
 */
import type { Route } from '../http/router';
import { noteProvider } from '../money/request-check';
import { PAGE_MAX, parseAgentPage } from './page';
import { createAgent, deleteAgent, getAgent, listAgentPage, listAgents, updateAgent } from './service';

export const agentRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/agents',
    async handle({ deps, user, body }) {
      await noteProvider(deps, user.uid, user.provider);
      const agent = await createAgent(deps, user.uid, body);
      return { status: 201, body: agent, headers: { Location: `/api/agents/${agent.id}` } };
    },
  },
  {
    method: 'GET',
    path: '/api/agents',
    async handle({ deps, user, query }) {
      const { limit, after } = parseAgentPage(query);
      // Neither limit nor cursor: every agent, as before paging.
      if (limit === undefined && !after) return { status: 200, body: { agents: await listAgents(deps, user.uid) } };
      return { status: 200, body: await listAgentPage(deps, user.uid, { limit: limit ?? PAGE_MAX, after }) };
    },
  },
  {
    method: 'GET',
    path: '/api/agents/:id',
    async handle({ deps, user, params }) {
      return { status: 200, body: await getAgent(deps, user.uid, params.id ?? '') };
    },
  },
  {
    method: 'PATCH',
    path: '/api/agents/:id',
    async handle({ deps, user, params, body }) {
      return { status: 200, body: await updateAgent(deps, user.uid, params.id ?? '', body) };
    },
  },
  {
    method: 'DELETE',
    path: '/api/agents/:id',
    async handle({ deps, user, params }) {
      await deleteAgent(deps, user.uid, params.id ?? '');
      return { status: 204 };
    },
  },
];
