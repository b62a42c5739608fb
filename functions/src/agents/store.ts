/**
 * Every Firestore path and query of the `agents` collection used by the agent
 * API. The one list query is `userId == uid` ordered by `createdAt desc`
 * (firestore.indexes.json: agents userId ASC, createdAt DESC).
 */
import type { DocData, QuerySpec, StoredDoc, StoreReader, Transaction } from '../ports/store';
import type { AgentDoc } from './schema';

export const AGENTS = 'agents';

export const agentPath = (id: string): string => `${AGENTS}/${id}`;

/** Firestore auto ids and our own derived ids; anything else cannot name an agent (a `/` would change the path). */
export const isAgentId = (id: string): boolean => /^[A-Za-z0-9_-]{1,128}$/.test(id);

/** The caller's agents, newest first. */
export function agentsOfUserQuery(userId: string): QuerySpec {
  return { collection: AGENTS, where: [['userId', '==', userId]], orderBy: [['createdAt', 'desc']] };
}

/** The queries this store runs, for the index check (test/indexes.test.ts). */
export const AGENT_STORE_QUERIES: readonly QuerySpec[] = [agentsOfUserQuery('sample-uid')];

export function readAgent(reader: StoreReader, id: string): Promise<StoredDoc<AgentDoc> | null> {
  return reader.get<AgentDoc>(agentPath(id));
}

/** One query, no per-agent reads: Firestore bills one read per agent returned. */
export function listAgentsOfUser(reader: StoreReader, userId: string): Promise<StoredDoc<AgentDoc>[]> {
  return reader.query<AgentDoc>(agentsOfUserQuery(userId));
}

export function insertAgent(target: { create(path: string, data: DocData): unknown }, id: string, doc: AgentDoc) {
  return target.create(agentPath(id), doc as unknown as DocData);
}

export function patchAgent(tx: Transaction, id: string, patch: Partial<AgentDoc>): void {
  tx.update(agentPath(id), patch as DocData);
}

export function removeAgent(tx: Transaction, id: string): void {
  tx.delete(agentPath(id));
}
