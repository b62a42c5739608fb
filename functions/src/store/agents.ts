/**
 * `agents/{agentId}`: every path, field and query of the agents collection.
 * Indexes: firestore.indexes.json (checked by test/indexes.test.ts against
 * `AGENT_QUERIES`).
 */
import { type AgentDoc, AgentDocSchema } from '@agent-platform/core/agent';
import type { QuerySpec, StoredDoc, StoreReader } from '@agent-platform/core/ports';
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
 * Every agent, oldest first, a page after the cursor (the last one's createdAt and id):
 * `createdAt`'s single-field index serves it. Only the `unqueuedRunAt` backfill scans so.
 */
const byCreation = (limit: number, after?: { createdAt: unknown; id: string }) => ({
  orderBy: [['createdAt', 'asc']] as const,
  ...(after ? { startAfter: [after.createdAt, after.id] } : {}),
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

/**
 * An agent as the `unqueuedRunAt` backfill (runs/backfill-unqueued.ts) reads it: whether
 * its stored document holds the field at all (a parse fills a missing one with null),
 * the raw `createdAt` for the scan's cursor, and the parsed agent, or null when the
 * document does not have an agent's shape (the backfill leaves it alone).
 */
export interface AgentMarkRead {
  id: string;
  createdAt: unknown;
  hasMark: boolean;
  agent: Doc<AgentDoc> | null;
}

/** A page of every agent, oldest first (one read per agent returned). */
export async function listAgentsForBackfill(
  reader: StoreReader,
  limit: number,
  after?: { createdAt: unknown; id: string },
): Promise<AgentMarkRead[]> {
  return (await reader.query(agents.spec(byCreation(limit, after)))).map(markRead);
}

/** One agent as the backfill reads it (in its transaction); null when there is none. */
export async function getAgentForBackfill(reader: StoreReader, id: string): Promise<AgentMarkRead | null> {
  const found = await reader.get(agents.path(id));
  return found ? markRead(found) : null;
}

function markRead(found: StoredDoc): AgentMarkRead {
  const parsed = AgentDocSchema.safeParse(found.data);
  return {
    id: found.id,
    createdAt: found.data.createdAt,
    hasMark: Object.hasOwn(found.data, 'unqueuedRunAt'),
    agent: parsed.success ? { id: found.id, path: found.path, data: parsed.data } : null,
  };
}

/** The queries this module runs, for the index check. */
export const AGENT_QUERIES: readonly QuerySpec[] = [
  agents.spec(ofUser('sample-uid')),
  agents.spec(unqueued(new Date(0), 500)),
  agents.spec(byCreation(200, { createdAt: '', id: 'sample-id' })),
];
