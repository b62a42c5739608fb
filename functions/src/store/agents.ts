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

/**
 * Agents whose run at or before `horizon` has no execution yet (runs/unqueued.ts): one
 * field, so its single-field index serves it. Agents without the mark (null) never match.
 */
const unqueued = (horizon: Date, limit: number) => ({
  where: [['unqueuedRunAt', '<=', horizon.toISOString()]] as const,
  orderBy: [['unqueuedRunAt', 'asc']] as const,
  limit,
});

/**
 * One query, no per-agent reads: Firestore bills one read per agent returned. With a
 * page, `limit` agents after the cursor (the last one's createdAt and id).
 */
export function listAgentsOfUser(
  reader: StoreReader,
  userId: string,
  page: { limit?: number; after?: { createdAt: string; id: string } } = {},
): Promise<Doc<AgentDoc>[]> {
  return agents.query(reader, {
    ...ofUser(userId),
    ...(page.after ? { startAfter: [page.after.createdAt, page.after.id] } : {}),
    ...(page.limit !== undefined ? { limit: page.limit } : {}),
  });
}

/** Reads grow with the number newly due, not with the number of agents (nor of runs already queued). */
export function listUnqueuedAgents(reader: StoreReader, horizon: Date, limit: number): Promise<Doc<AgentDoc>[]> {
  return agents.query(reader, unqueued(horizon, limit));
}

/** The queries this module runs, for the index check. */
export const AGENT_QUERIES: readonly QuerySpec[] = [
  agents.spec(ofUser('sample-uid')),
  agents.spec(unqueued(new Date(0), 500)),
];
