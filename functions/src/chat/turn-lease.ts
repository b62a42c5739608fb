/**
 * A turn holds its conversation with a lease, so two turns never interleave,
 * and renews it while it runs: a turn that died with its instance frees the
 * conversation (and its reply reads "interrupted") within `TURN_LEASE_MS`.
 */
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import { conversations, messagesOf } from '../store/conversations';

export const TURN_LEASE_MS = 90_000;
const TURN_HEARTBEAT_MS = 30_000;

/** When a lease taken now runs out. */
export const turnLeaseUntil = (now: Date): string => new Date(now.getTime() + TURN_LEASE_MS).toISOString();

/** True while a turn holds the conversation. */
export function turnRunning(conversation: { turnLeaseUntil: string | null }, now: Date): boolean {
  return Boolean(conversation.turnLeaseUntil && Date.parse(conversation.turnLeaseUntil) > now.getTime());
}

/** Renews the turn's lease every `TURN_HEARTBEAT_MS` until the returned function is called. */
export function holdTurnLease(
  deps: Pick<Adapters, 'store' | 'now'>,
  conversationId: string,
  replyId: string,
): () => void {
  const timer = setInterval(() => void renew(deps, conversationId, replyId), TURN_HEARTBEAT_MS);
  return () => clearInterval(timer);
}

/** Extends the lease on the conversation and its reply, while this turn still holds it. */
async function renew(deps: Pick<Adapters, 'store' | 'now'>, conversationId: string, replyId: string): Promise<void> {
  const leaseUntil = turnLeaseUntil(deps.now());
  try {
    await deps.store.runTransaction(async (tx) => {
      const conversation = await conversations.get(tx, conversationId);
      if (conversation?.data.turnMessageId !== replyId) return;
      conversations.update(tx, conversationId, { turnLeaseUntil: leaseUntil });
      messagesOf(conversationId).update(tx, replyId, { leaseUntil });
    });
  } catch (err) {
    log.warn('could not renew the turn lease', { conversationId, err });
  }
}
