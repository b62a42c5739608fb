/**
 * The run endpoints' logic (docs/api.md "Runs"): run an agent now, one run
 * (the run history is history.ts). Someone else's agent or run answers exactly like a
 * missing one (404).
 */
import { NotFoundError } from '@agent-platform/core/errors';
import type { ExecutionJson } from '@agent-platform/core/runs';
import type { Adapters } from '../shared/factory';
import { agents } from '../store/agents';
import { executions } from '../store/executions';
import { enqueueManualRun } from './enqueue';
import { toExecutionJson } from './json';
import { takeManualRunSlot } from './limits';

async function ownAgent(deps: Pick<Adapters, 'store'>, uid: string, agentId: string) {
  const agent = agents.isId(agentId) ? await agents.get(deps.store, agentId) : null;
  if (!agent || agent.data.userId !== uid) throw new NotFoundError({ en: 'The agent', ko: '에이전트' });
  return agent;
}

/** `POST /api/agents/{id}/run`: queues a run of the caller's agent, whatever its status. */
export async function runNow(
  deps: Adapters,
  uid: string,
  agentId: string,
  provider?: string,
): Promise<{ executionId: string }> {
  const agent = await ownAgent(deps, uid, agentId);
  // Counted after the ownership check, so requests for someone else's agent (404) use no slot.
  await takeManualRunSlot(deps, uid);
  return enqueueManualRun(deps, { userId: uid, agentId: agent.id, model: agent.data.model, provider, agent });
}

/** `GET /api/executions/{id}`: one of the caller's runs. */
export async function getRun(deps: Adapters, uid: string, id: string): Promise<ExecutionJson> {
  // Execution ids share the agent-id alphabet (`<agentId>-at-<seconds>` included).
  const run = executions.isId(id) ? await executions.get(deps.store, id) : null;
  if (!run || run.data.userId !== uid) throw new NotFoundError({ en: 'The run', ko: '실행 기록' });
  return toExecutionJson(run.id, run.data);
}
