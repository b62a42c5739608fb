/**
 * The agent endpoints of API.md: create, list, read, change and delete the
 * caller's agents. Handlers only unpack the request; the service decides.
 */
import { adapters } from '../shared/factory';
import type { Route } from '../shared/http';
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent } from './service';

export const agentRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/agents',
    async handle({ user, body }) {
      const agent = await createAgent(adapters(), user.uid, body);
      return { status: 201, body: agent, headers: { Location: `/api/agents/${agent.id}` } };
    },
  },
  {
    method: 'GET',
    path: '/api/agents',
    async handle({ user }) {
      return { status: 200, body: { agents: await listAgents(adapters(), user.uid) } };
    },
  },
  {
    method: 'GET',
    path: '/api/agents/:id',
    async handle({ user, params }) {
      return { status: 200, body: await getAgent(adapters(), user.uid, params.id ?? '') };
    },
  },
  {
    method: 'PATCH',
    path: '/api/agents/:id',
    async handle({ user, params, body }) {
      return { status: 200, body: await updateAgent(adapters(), user.uid, params.id ?? '', body) };
    },
  },
  {
    method: 'DELETE',
    path: '/api/agents/:id',
    async handle({ user, params }) {
      await deleteAgent(adapters(), user.uid, params.id ?? '');
      return { status: 204 };
    },
  },
];
