/**
 * `agents/{agentId}/versions/{version}`: the kept versions of an agent
 * (agents/versions.ts decides when one is made). The version number is the
 * document id, so two saves can never make the same version: both read the
 * latest in their transaction and the second to commit runs again.
 */
import { type AgentVersionDoc, AgentVersionDocSchema } from '@agent-platform/core/agent';
import type { QuerySpec, StoreReader } from '@agent-platform/core/ports';
import { agents } from './agents';
import { Collection, type Doc } from './collection';

/** The versions of one agent (a subcollection: it goes with nothing else). */
export function versionsOf(agentId: string): Collection<AgentVersionDoc> {
  return new Collection<AgentVersionDoc>(`${agents.path(agentId)}/versions`, AgentVersionDocSchema);
}

/** Newest first (one field: Firestore's automatic index serves it). */
const newest = (limit: number) => ({ orderBy: [['version', 'desc']] as const, limit });

/** The agent's newest `limit` versions, newest first. */
export function listAgentVersions(
  reader: StoreReader,
  agentId: string,
  limit: number,
): Promise<Doc<AgentVersionDoc>[]> {
  return versionsOf(agentId).query(reader, newest(limit));
}

/** The agent's latest version, or null before its first. */
export async function latestAgentVersion(reader: StoreReader, agentId: string): Promise<Doc<AgentVersionDoc> | null> {
  return (await versionsOf(agentId).query(reader, newest(1)))[0] ?? null;
}

/** The queries this module runs, for the index check. */
export const AGENT_VERSION_QUERIES: readonly QuerySpec[] = [versionsOf('sample-agent').spec(newest(50))];
