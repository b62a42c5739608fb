/**
 * The chatTurn worker: a designer turn started with `Prefer: respond-async`
 * runs here, as a Cloud Task, to its end — whatever happens to the HTTP request
 * that started it (Hosting cuts responses at 60 s, and Cloud Run may throttle
 * the CPU of an instance once its response is sent:
 * https://cloud.google.com/run/docs/configuring/billing-settings).
 *
 * `begin-turn.ts` stored the person's message and an empty `streaming` reply;
 * this worker claims that reply (so a redelivered task never runs the turn
 * twice at once), rebuilds the turn from the store and runs it like any other
 * (turn.ts). A turn whose worker died is run again from the start by the
 * queue's retry, unless the person has moved on (a later turn closed the reply
 * as interrupted).
 */
import type { ConversationDoc, MessageDoc } from '@agent-platform/core/chat';
import { autoId, type TurnTaskPayload } from '@agent-platform/core/ports';
import type { WorkerOutcome } from '../http/task-worker';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import { conversations, listMessages, messagesOf } from '../store/conversations';
import type { StartedTurn } from './begin-turn';
import { STATUS_TEXT } from './messages';
import { runTurn } from './turn';
import { turnLeaseUntil } from './turn-lease';

type Claim =
  | { kind: 'gone' | 'finished' | 'foreign' }
  | { kind: 'busy'; leaseUntil: string }
  | { kind: 'claimed'; conversation: ConversationDoc; reply: MessageDoc };

/** Runs the turn a task names; see the module comment. */
export async function runTurnTask(deps: Adapters, task: TurnTaskPayload): Promise<WorkerOutcome> {
  const { conversationId, messageId } = task;
  const claim = await claimReply(deps, task);
  switch (claim.kind) {
    case 'gone':
      return { outcome: 'noop', reason: 'No such turn.', conversationId, messageId };
    case 'foreign':
      log.error('turn task does not match its conversation; dropped', { conversationId, messageId });
      return { outcome: 'noop', reason: 'The task does not match its turn.', conversationId, messageId };
    case 'finished':
      return { outcome: 'noop', reason: 'The turn has finished already.', conversationId, messageId };
    case 'busy': {
      const wait = Math.ceil((Date.parse(claim.leaseUntil) - deps.now().getTime()) / 1000) + 1;
      return {
        outcome: 'retry',
        reason: 'Another delivery is writing this turn.',
        retryAfterSeconds: Math.max(1, wait),
      };
    }
  }
  const history = (await listMessages(deps.store, conversationId))
    .filter((m) => m.data.timestamp < claim.reply.timestamp)
    .map((m) => m.data);
  const turn: StartedTurn = {
    uid: task.userId,
    conversationId,
    conversation: claim.conversation,
    replyId: messageId,
    replyDoc: claim.reply,
    history,
    locale: claim.conversation.locale,
  };
  try {
    await runTurn(deps, turn);
    return { outcome: 'success', conversationId, messageId };
  } catch {
    // The reply stores the error for the person (turn.ts); no retry would do better.
    return { outcome: 'failed', conversationId, messageId };
  }
}

/**
 * Takes the reply for this delivery: only a reply still `streaming` that no live
 * delivery holds. A reply run again starts over from its first status line.
 */
async function claimReply(deps: Adapters, task: TurnTaskPayload): Promise<Claim> {
  const { conversationId, messageId, userId } = task;
  if (!conversations.isId(conversationId) || !messagesOf(conversationId).isId(messageId)) return { kind: 'gone' };
  const messages = messagesOf(conversationId);
  return deps.store.runTransaction<Claim>(async (tx) => {
    const now = deps.now();
    const conversation = await conversations.get(tx, conversationId);
    const reply = await messages.get(tx, messageId);
    if (!conversation || !reply) return { kind: 'gone' };
    if (conversation.data.userId !== userId || reply.data.userId !== userId || reply.data.role !== 'assistant') {
      return { kind: 'foreign' };
    }
    if (reply.data.state !== 'streaming') return { kind: 'finished' };
    const leaseUntil = reply.data.leaseUntil ?? null;
    if (reply.data.workerId && leaseUntil && Date.parse(leaseUntil) > now.getTime())
      return { kind: 'busy', leaseUntil };
    const locale = conversation.data.locale;
    const claimed: MessageDoc = {
      ...reply.data,
      content: '',
      parts: [{ type: 'status', data: { phase: 'analysing', text: STATUS_TEXT.analysing[locale] } }],
      workerId: autoId(),
      leaseUntil: turnLeaseUntil(now),
    };
    messages.update(tx, messageId, {
      content: claimed.content,
      parts: claimed.parts,
      workerId: claimed.workerId,
      leaseUntil: claimed.leaseUntil,
    });
    // The conversation's own lease follows the reply's, so no other turn starts meanwhile.
    conversations.update(tx, conversationId, { turnLeaseUntil: claimed.leaseUntil ?? null });
    return {
      kind: 'claimed',
      conversation: { ...conversation.data, turnLeaseUntil: claimed.leaseUntil ?? null },
      reply: claimed,
    };
  });
}
