/**
 * Every live query the web app runs, in one place. Each one filters on the
 * signed-in user's own `userId`, because firestore.rules (and the local live
 * feed, which enforces the same rule) refuse any query that could return
 * someone else's documents. `ALL_QUERIES` lets tests check each description
 * against the rules and against firestore.indexes.json.
 */
import type { QuerySpec } from '@agent-platform/core/ports';

/** A query over one collection, or one document of it when `docId` is given. */
export interface LiveQuery extends QuerySpec {
  docId?: string;
}

const mine = (uid: string) => ['userId', '==', uid] as const;

/** The user's agents, newest first (dashboard: the first `limit`; usage: all). */
export const agentsQuery = (uid: string, limit?: number): LiveQuery => ({
  collection: 'agents',
  where: [mine(uid)],
  orderBy: [['createdAt', 'desc']],
  ...(limit ? { limit } : {}),
});

/** One agent (agent page). */
export const agentQuery = (uid: string, agentId: string): LiveQuery => ({
  collection: 'agents',
  where: [mine(uid)],
  docId: agentId,
});

/** An agent's runs, newest first (run history). */
export const agentExecutionsQuery = (uid: string, agentId: string, limit = 30): LiveQuery => ({
  collection: 'executions',
  where: [mine(uid), ['agentId', '==', agentId]],
  orderBy: [['scheduledFor', 'desc']],
  limit,
});

/** One run (a test run in the chat, or a run being watched). */
export const executionQuery = (uid: string, executionId: string): LiveQuery => ({
  collection: 'executions',
  where: [mine(uid)],
  docId: executionId,
});

/** All of the user's runs since `sinceIso` (this month's tokens and cost per agent). */
export const executionsSinceQuery = (uid: string, sinceIso: string): LiveQuery => ({
  collection: 'executions',
  where: [mine(uid), ['scheduledFor', '>=', sinceIso]],
  orderBy: [['scheduledFor', 'desc']],
  limit: 500,
});

/** A designer conversation (its current draft). */
export const conversationQuery = (uid: string, conversationId: string): LiveQuery => ({
  collection: 'conversations',
  where: [mine(uid)],
  docId: conversationId,
});

/** A conversation's messages, oldest first; the assistant's reply grows in place while it streams. */
export const messagesQuery = (uid: string, conversationId: string): LiveQuery => ({
  collection: `conversations/${conversationId}/messages`,
  where: [mine(uid)],
  orderBy: [['timestamp', 'asc']],
});

/** The user's own document: usage per month and budget. */
export const userQuery = (uid: string): LiveQuery => ({
  collection: 'users',
  where: [mine(uid)],
  docId: uid,
});

/** The user's design conversations, most recently active first (the library page). */
export const conversationsQuery = (uid: string, limit = 50): LiveQuery => ({
  collection: 'conversations',
  where: [mine(uid)],
  orderBy: [['updatedAt', 'desc']],
  limit,
});

/** The user's latest finished runs, the latest ending first (the dashboard's latest results). */
export const latestResultsQuery = (uid: string, limit = 12): LiveQuery => ({
  collection: 'executions',
  where: [mine(uid), ['status', 'in', ['success', 'failed']]],
  orderBy: [['endTime', 'desc']],
  limit,
});

/** Which results the user has seen (the "new" marker). */
export const resultViewsQuery = (uid: string): LiveQuery => ({
  collection: 'resultViews',
  where: [mine(uid)],
  docId: uid,
});

/** Every query above, built for a sample user, for tests that check them all. */
export const ALL_QUERIES = (uid: string): Record<string, LiveQuery> => ({
  agents: agentsQuery(uid),
  agent: agentQuery(uid, 'agent1'),
  agentExecutions: agentExecutionsQuery(uid, 'agent1'),
  execution: executionQuery(uid, 'exec1'),
  executionsSince: executionsSinceQuery(uid, '2026-11-01T00:00:00.000Z'),
  conversation: conversationQuery(uid, 'conv1'),
  messages: messagesQuery(uid, 'conv1'),
  user: userQuery(uid),
  conversations: conversationsQuery(uid),
  latestResults: latestResultsQuery(uid),
  resultViews: resultViewsQuery(uid),
});
