/**
 * Recognising the conversation a first message just started. Its id comes back
 * only with the finished turn (`POST /api/chat`), but the server stores the
 * conversation before it calls the model; the page watches the user's newest
 * conversation and adopts it once this rule says it is the one just started,
 * so the first reply streams in like every later one.
 */
import { titleOf } from '@agent-platform/core/chat';
import type { Conversation } from './types';

/** The first message of a new conversation, while its turn runs. */
export interface FirstTurn {
  /** The message as sent. */
  text: string;
  /** When the browser sent it, in ms since the epoch (browser clock). */
  sentAtMs: number;
  /** The agent the conversation is about when it was started to change one. */
  agentId?: string | null;
}

/** How far the server's clock may be behind the browser's before a new conversation is missed. */
export const CLOCK_SKEW_MS = 2 * 60_000;

/** The title the server gives a conversation started by `text` (one shared definition). */
export const titleFor = titleOf;

/**
 * Whether `conversation` is the one `turn` started: created no earlier than the
 * message was sent (less the allowed clock skew) and titled after its first
 * line, and about the same agent (none for a new one). All must hold, so an
 * older conversation (even one with the same title) or one started elsewhere at
 * the same moment is never taken for it.
 */
export function isStartedBy(
  conversation: Pick<Conversation, 'createdAt' | 'agentId' | 'title'>,
  turn: FirstTurn,
  skewMs = CLOCK_SKEW_MS,
): boolean {
  const createdAt = Date.parse(conversation.createdAt ?? '');
  if (Number.isNaN(createdAt) || createdAt < turn.sentAtMs - skewMs) return false;
  if ((conversation.agentId ?? null) !== (turn.agentId ?? null)) return false;
  return conversation.title === titleFor(turn.text);
}
