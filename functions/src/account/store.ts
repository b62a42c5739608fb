/**
 * Every Firestore path and query of merging a guest account into another one.
 * All the queries are equality filters (no order), so Firestore serves them from
 * its automatic single-field indexes; none needs an entry in firestore.indexes.json.
 */
import { AGENTS, agentPath } from '../agents/store';
import { CONVERSATIONS, conversationPath, messagesCollection } from '../chat/conversation-store';
import type { QuerySpec, StoredDoc, StoreReader, Transaction } from '../ports/store';
import { executionPath } from '../runs/execution-store';
import { type UserDoc, userPath } from '../usage/budget';

export { agentPath, conversationPath, executionPath, userPath };

export const EXECUTIONS = 'executions';

/** `users/{uid}` as the merge sees it: a merged guest records where its data went. */
export interface MergeableUserDoc extends UserDoc {
  /** The uid this guest's data was merged into; set in the transaction that moves its usage. */
  mergedInto?: string;
  mergedAt?: string;
}

/** Up to `limit` documents of `collection` (a top-level name or a subcollection path) owned by `uid`. */
export function ownedDocsQuery(collection: string, uid: string, limit: number): QuerySpec {
  return { collection, where: [['userId', '==', uid]], limit };
}

/** An agent's runs that a task may still claim (queued, or running under a lease), owned by `uid`. */
export function unfinishedRunsQuery(agentId: string, uid: string, limit: number): QuerySpec {
  return {
    collection: EXECUTIONS,
    where: [
      ['agentId', '==', agentId],
      ['userId', '==', uid],
      ['status', 'in', ['queued', 'running']],
    ],
    limit,
  };
}

export function ownedAgents(reader: StoreReader, uid: string, limit: number) {
  return reader.query(ownedDocsQuery(AGENTS, uid, limit));
}

export function unfinishedRunsOf(reader: StoreReader, agentId: string, uid: string, limit: number) {
  return reader.query(unfinishedRunsQuery(agentId, uid, limit));
}

export function ownedExecutions(reader: StoreReader, uid: string, limit: number) {
  return reader.query(ownedDocsQuery(EXECUTIONS, uid, limit));
}

export function ownedConversations(reader: StoreReader, uid: string, limit: number) {
  return reader.query(ownedDocsQuery(CONVERSATIONS, uid, limit));
}

export function ownedMessages(reader: StoreReader, conversationId: string, uid: string, limit: number) {
  return reader.query(ownedDocsQuery(messagesCollection(conversationId), uid, limit));
}

export function readUser(reader: StoreReader, uid: string): Promise<StoredDoc<MergeableUserDoc> | null> {
  return reader.get<MergeableUserDoc>(userPath(uid));
}

/** Gives a document (any path) to `uid`. */
export function reassign(tx: Transaction, path: string, uid: string): void {
  tx.update(path, { userId: uid });
}

/** The queries this store runs, for the index check (test/indexes.test.ts). */
export const ACCOUNT_STORE_QUERIES: readonly QuerySpec[] = [
  ownedDocsQuery(AGENTS, 'sample-uid', 100),
  unfinishedRunsQuery('sample-agent', 'sample-uid', 50),
  ownedDocsQuery(EXECUTIONS, 'sample-uid', 400),
  ownedDocsQuery(CONVERSATIONS, 'sample-uid', 100),
  ownedDocsQuery(messagesCollection('sample-conversation'), 'sample-uid', 400),
];
