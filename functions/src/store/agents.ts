/**
 * `agents/{agentId}`: every path, field and query of the agents collection.
 * Indexes: firestore.indexes.json (checked by test/indexes.test.ts against
 * `AGENT_QUERIES`).
 */
import { type AgentDoc, AgentDocSchema } from '@agent-platform/core/agent';
import type { QuerySpec, StoreReader } from '@agent-platform/core/ports';
import { Collection, type Doc } from './collection';

export const agents = new Collection<AgentDoc>('agents', AgentDocSchema);

/** The caller's agents, newest first (index: userId ASC, createdAt DESC). */
const ofUser = (userId: string) => ({
  where: [['userId', '==', userId]] as const,
  orderBy: [['createdAt', 'desc']] as const,
});

/** Active agents whose next run is at or before `horizon` (index: status ASC, nextRunAt ASC). */
const due = (horizon: Date, limit: number) => ({
  where: [
    ['status', '==', 'active'],
    ['nextRunAt', '<=', horizon.toISOString()],
  ] as const,
  orderBy: [['nextRunAt', 'asc']] as const,
  limit,
});

/** One query, no per-agent reads: Firestore bills one read per agent returned. */
export function listAgentsOfUser(reader: StoreReader, userId: string): Promise<Doc<AgentDoc>[]> {
  return agents.query(reader, ofUser(userId));
}

/** Reads grow with the number due, not with the number of agents. */
export function listDueAgents(reader: StoreReader, horizon: Date, limit: number): Promise<Doc<AgentDoc>[]> {
  return agents.query(reader, due(horizon, limit));
}

/** The queries this module runs, for the index check. */
export const AGENT_QUERIES: readonly QuerySpec[] = [
  agents.spec(ofUser('sample-uid')),
  agents.spec(due(new Date(0), 500)),
];
