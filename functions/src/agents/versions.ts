/**
 * Reading and restoring an agent's versions (docs/api.md "Versions"). A restore
 * is a save like any other, so it makes a version of its own (version-record.ts)
 * and nothing is ever overwritten.
 */
import {
  type Agent,
  type AgentSnapshot,
  type AgentVersion,
  type AgentVersionDoc,
  validateAgentPatch,
} from '@agent-platform/core/agent';
import { AppError } from '@agent-platform/core/errors';
import type { Adapters } from '../shared/factory';
import { listAgentVersions, versionsOf } from '../store/agent-versions';
import { agents } from '../store/agents';
import type { Doc } from '../store/collection';
import { applyAgentPatch } from './service';

export const VERSIONS_LIMIT_DEFAULT = 50;
export const VERSIONS_LIMIT_MAX = 100;

/** `GET /api/agents/{id}/versions`: the caller's agent's versions, newest first. */
export async function listVersions(
  deps: Pick<Adapters, 'store'>,
  uid: string,
  agentId: string,
  limit: number,
): Promise<AgentVersion[]> {
  await ownAgent(deps, uid, agentId);
  const docs = await listAgentVersions(deps.store, agentId, limit);
  return docs.map(toVersionJson);
}

/**
 * `POST /api/agents/{id}/versions/{version}/restore`: puts the version's fields
 * back through the same patch as an edit (validated again: a model retired
 * since is refused with a clear 400), which keeps a new version saying so.
 */
export async function restoreVersion(deps: Adapters, uid: string, agentId: string, rawVersion: string): Promise<Agent> {
  await ownAgent(deps, uid, agentId);
  const number = /^[1-9]\d{0,8}$/.test(rawVersion) ? Number(rawVersion) : null;
  const found = number === null ? null : await versionsOf(agentId).get(deps.store, String(number));
  if (!found || number === null) throw versionNotFound();
  const parsed = validateAgentPatch(found.data.agent);
  if (!parsed.success) {
    const fields = [...new Set(parsed.issues.map((i) => i.path.join('.') || '(agent)'))].join(', ');
    throw new AppError(
      'invalid_argument',
      `Version ${number} can no longer be restored: ${fields} is no longer valid.`,
      {
        retryable: false,
        ko: `버전 ${number}은(는) 더 이상 복원할 수 없습니다: ${fields} 값이 이제 유효하지 않습니다.`,
      },
    );
  }
  return applyAgentPatch(deps, uid, agentId, parsed.data, { restoredFrom: number });
}

function toVersionJson(doc: Doc<AgentVersionDoc>): AgentVersion {
  return {
    version: doc.data.version,
    createdAt: doc.data.createdAt,
    changes: doc.data.changes,
    agent: doc.data.agent as AgentSnapshot,
    restoredFrom: doc.data.restoredFrom,
  };
}

async function ownAgent(deps: Pick<Adapters, 'store'>, uid: string, agentId: string) {
  const agent = agents.isId(agentId) ? await agents.get(deps.store, agentId) : null;
  if (!agent || agent.data.userId !== uid) {
    throw new AppError('not_found', 'The agent was not found.', {
      retryable: false,
      ko: '에이전트를 찾을 수 없습니다.',
    });
  }
  return agent;
}

const versionNotFound = () =>
  new AppError('not_found', 'The version was not found.', { retryable: false, ko: '해당 버전을 찾을 수 없습니다.' });
