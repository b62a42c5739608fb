/**
 * Run endpoints of the `agents` function (API.md): run now, an agent's run
 * history, one run. Someone else's agent or run answers 404, like a missing one.
 */

import { isAgentId } from '../agents/store';
import { InvalidArgumentError, NotFoundError } from '../shared/errors';
import { adapters } from '../shared/factory';
import type { Route } from '../shared/http';
import { enqueueManualRun } from './enqueue';
import { toExecutionJson } from './execution';
import { getAgent, getExecution, listAgentExecutions } from './execution-store';
import { takeManualRunSlot } from './limits';

const LIMIT_DEFAULT = 20;
const LIMIT_MAX = 100;

async function ownAgent(agentId: string, uid: string) {
  // An id with a slash (`a%2Fb`) is no document id: 404 here, not a 500 from the store.
  const agent = isAgentId(agentId) ? await getAgent(adapters().store, agentId) : null;
  if (!agent || agent.data.userId !== uid) throw new NotFoundError('The agent');
  return agent;
}

function parseLimit(raw: string | null): number {
  if (raw === null) return LIMIT_DEFAULT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > LIMIT_MAX) {
    throw new InvalidArgumentError(`limit must be a whole number from 1 to ${LIMIT_MAX}.`, [
      { field: 'limit', message: `A whole number from 1 to ${LIMIT_MAX}.` },
    ]);
  }
  return n;
}

/** Run-now takes no fields: the body is empty or `{}` (API.md: unknown fields are rejected). */
export function assertNoFields(body: unknown): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidArgumentError('This request takes no body, or an empty JSON object {}.');
  }
  const fields = Object.keys(body);
  if (fields.length > 0) {
    throw new InvalidArgumentError(
      'This request takes no fields; send no body or {}.',
      fields.map((field) => ({ field, message: 'Unknown field.' })),
    );
  }
}

export const runRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/agents/:id/run',
    async handle({ params, user, body }) {
      assertNoFields(body);
      const agent = await ownAgent(params.id as string, user.uid);
      const deps = adapters();
      // Counted after the ownership check, so requests for someone else's agent (404) use no slot.
      await takeManualRunSlot(deps, user.uid);
      const { executionId } = await enqueueManualRun(deps, {
        userId: user.uid,
        agentId: agent.id,
        model: agent.data.model,
      });
      return { status: 202, body: { executionId } };
    },
  },
  {
    method: 'GET',
    path: '/api/agents/:id/executions',
    async handle({ params, query, user }) {
      const limit = parseLimit(query.get('limit'));
      const agent = await ownAgent(params.id as string, user.uid);
      const runs = await listAgentExecutions(adapters().store, agent.id, limit);
      return {
        status: 200,
        body: { executions: runs.filter((r) => r.data.userId === user.uid).map((r) => toExecutionJson(r.id, r.data)) },
      };
    },
  },
  {
    method: 'GET',
    path: '/api/executions/:id',
    async handle({ params, user }) {
      const id = params.id as string;
      // Execution ids share the agent-id alphabet (`<agentId>-at-<seconds>` included).
      const run = isAgentId(id) ? await getExecution(adapters().store, id) : null;
      if (!run || run.data.userId !== user.uid) throw new NotFoundError('The run');
      return { status: 200, body: toExecutionJson(run.id, run.data) };
    },
  },
];
