/**
 * What a user owns across collections, for moving a guest's data to the
 * account it merges into (account/service.ts). All the queries are equality
 * filters (no order), so Firestore serves them from its automatic
 * single-field indexes; none needs an entry in firestore.indexes.json.
 */
import type { QuerySpec, StoreReader, Transaction } from '@agent-platform/core/ports';
import { agents } from './agents';
import type { Collection } from './collection';
import { conversations, messagesOf } from './conversations';
import { executions } from './executions';

const owned = (uid: string, limit: number) => ({ where: [['userId', '==', uid]] as const, limit });

/** An agent's runs that a task may still claim (queued, or running under a lease), owned by `uid`. */
const unfinishedRuns = (agentId: string, uid: string, limit: number) => ({
  where: [
    ['agentId', '==', agentId],
    ['userId', '==', uid],
    ['status', 'in', ['queued', 'running']],
  ] as const,
  limit,
});

export const ownedAgents = (reader: StoreReader, uid: string, limit: number) => agents.query(reader, owned(uid, limit));

export const ownedExecutions = (reader: StoreReader, uid: string, limit: number) =>
  executions.query(reader, owned(uid, limit));

export const ownedConversations = (reader: StoreReader, uid: string, limit: number) =>
  conversations.query(reader, owned(uid, limit));

export const ownedMessages = (reader: StoreReader, conversationId: string, uid: string, limit: number) =>
  messagesOf(conversationId).query(reader, owned(uid, limit));

export const unfinishedRunsOf = (reader: StoreReader, agentId: string, uid: string, limit: number) =>
  executions.query(reader, unfinishedRuns(agentId, uid, limit));

/** Gives a document of any owned collection to `uid`. */
export function reassign<T extends { userId: string }>(
  tx: Transaction,
  collection: Collection<T>,
  id: string,
  uid: string,
): void {
  tx.update(collection.path(id), { userId: uid });
}

/** The queries this module runs, for the index check. */
export const OWNERSHIP_QUERIES: readonly QuerySpec[] = [
  agents.spec(owned('sample-uid', 100)),
  executions.spec(unfinishedRuns('sample-agent', 'sample-uid', 50)),
  executions.spec(owned('sample-uid', 400)),
  conversations.spec(owned('sample-uid', 100)),
  messagesOf('sample-conversation').spec(owned('sample-uid', 400)),
];
