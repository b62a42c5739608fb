/**
 * `conversations/{id}` and their `messages/{id}`: every path, field and query
 * of the designer's conversations.
 */
import {
  type ConversationDoc,
  ConversationDocSchema,
  type MessageDoc,
  MessageDocSchema,
} from '@agent-platform/core/chat';
import type { QuerySpec, StoreReader } from '@agent-platform/core/ports';
import { Collection, type Doc } from './collection';

export const conversations = new Collection<ConversationDoc>('conversations', ConversationDocSchema);

/** The messages of one conversation (a subcollection). */
export function messagesOf(conversationId: string): Collection<MessageDoc> {
  return new Collection<MessageDoc>(`${conversations.path(conversationId)}/messages`, MessageDocSchema);
}

/** Newest first, so a limit keeps the latest (single-field order: an automatic index). */
const newestMessages = (limit: number) => ({ orderBy: [['timestamp', 'desc']] as const, limit });

/** The newest `limit` messages of a conversation, oldest first. */
export async function listMessages(
  reader: StoreReader,
  conversationId: string,
  limit = 200,
): Promise<Doc<MessageDoc>[]> {
  const newestFirst = await messagesOf(conversationId).query(reader, newestMessages(limit));
  return newestFirst.reverse();
}

/** The queries this module runs, for the index check. */
export const CONVERSATION_QUERIES: readonly QuerySpec[] = [messagesOf('sample-conversation').spec(newestMessages(200))];
