/**
 * The caller's design conversations, most recently active first (the library
 * page and `GET /api/conversations`). Index: userId ASC, updatedAt DESC.
 */
import type { ConversationDoc } from '@agent-platform/core/chat';
import type { QuerySpec, StoreReader } from '@agent-platform/core/ports';
import type { Doc } from './collection';
import { conversations } from './conversations';

const recent = (userId: string, limit: number) => ({
  where: [['userId', '==', userId]] as const,
  orderBy: [['updatedAt', 'desc']] as const,
  limit,
});

export function listRecentConversations(
  reader: StoreReader,
  userId: string,
  limit: number,
): Promise<Doc<ConversationDoc>[]> {
  return conversations.query(reader, recent(userId, limit));
}

/** The queries this module runs, for the index check. */
export const CONVERSATION_LIST_QUERIES: readonly QuerySpec[] = [conversations.spec(recent('sample-uid', 20))];
