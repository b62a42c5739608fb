/**
 * Every Firestore path and query of the chat: conversations, their messages,
 * and the per-user turn counter of the rate limit.
 */
import type { DocData, QuerySpec, StoredDoc, StoreReader } from '../ports/store';
import type { ConversationDoc, MessageDoc } from './types';

export const CONVERSATIONS = 'conversations';
export const conversationPath = (id: string): string => `${CONVERSATIONS}/${id}`;
export const messagesCollection = (conversationId: string): string => `${conversationPath(conversationId)}/messages`;
export const messagePath = (conversationId: string, id: string): string =>
  `${messagesCollection(conversationId)}/${id}`;
/** One small document per user: the times of their recent turns (see rate-limit.ts). */
export const turnLogPath = (uid: string): string => `chatTurnLogs/${uid}`;

/** Ids come from clients: anything but a plain id is treated as not found. */
export const isConversationId = (id: string): boolean => /^[A-Za-z0-9_-]{1,128}$/.test(id);

export function readConversation(reader: StoreReader, id: string): Promise<StoredDoc<ConversationDoc> | null> {
  return reader.get<ConversationDoc>(conversationPath(id));
}

/** The newest `limit` messages of a conversation, oldest first. */
export async function listMessages(
  reader: StoreReader,
  conversationId: string,
  limit = 200,
): Promise<StoredDoc<MessageDoc>[]> {
  const newestFirst = await reader.query<MessageDoc>(messagesQuery(conversationId, limit));
  return newestFirst.reverse();
}

export function messagesQuery(conversationId: string, limit: number): QuerySpec {
  return { collection: messagesCollection(conversationId), orderBy: [['timestamp', 'desc']], limit };
}

/** The query shapes this module runs, for the index check. */
export const CHAT_STORE_QUERIES: readonly QuerySpec[] = [messagesQuery('sample-conversation', 200)];

export const asData = (doc: ConversationDoc | MessageDoc): DocData => doc as unknown as DocData;
