/**
 * The last write of a turn, in one transaction: the finished reply, the
 * conversation's draft and usage (its lease released), and the user's month
 * (the turn's budget hold settled with what it cost).
 */
import type { AgentSpec } from '@agent-platform/core/agent';
import type { MessageDoc, MessageJson, MessagePart } from '@agent-platform/core/chat';
import { toMessageJson } from '@agent-platform/core/chat';
import { increment } from '@agent-platform/core/ports';
import { costUsd, type TokenUsage } from '../model/usage';
import { readLedger, settle } from '../money/ledger';
import type { Adapters } from '../shared/factory';
import { conversations, messagesOf } from '../store/conversations';
import type { StartedTurn } from './begin-turn';
import { turnHoldId } from './turn-holds';

export interface TurnEnd {
  parts: MessagePart[];
  content: string;
  state: 'complete' | 'error';
  usage: TokenUsage;
  model: string;
  /** The draft this turn accepted, if any (it replaces the conversation's). */
  draft: AgentSpec | null;
}

export async function finishTurn(deps: Adapters, turn: StartedTurn, end: TurnEnd): Promise<MessageJson> {
  const now = deps.now();
  const cost = costUsd(deps.config.models, end.model, end.usage);
  const reply: MessageDoc = {
    ...turn.replyDoc,
    parts: end.parts,
    content: end.content,
    state: end.state,
    tokenUsage: end.usage,
    leaseUntil: null,
  };
  await deps.store.runTransaction(async (tx) => {
    const ledger = await readLedger(tx, { config: deps.config, now }, turn.uid);
    messagesOf(turn.conversationId).update(tx, turn.replyId, {
      parts: reply.parts,
      content: reply.content,
      state: reply.state,
      leaseUntil: null,
      tokenUsage: reply.tokenUsage,
    });
    conversations.update(tx, turn.conversationId, {
      ...(end.draft ? { draft: end.draft } : {}),
      'tokenUsage.input': increment(end.usage.input),
      'tokenUsage.output': increment(end.usage.output),
      'tokenUsage.cacheRead': increment(end.usage.cacheRead),
      'tokenUsage.cacheWrite': increment(end.usage.cacheWrite),
      costUsd: increment(cost),
      turnLeaseUntil: null,
      turnMessageId: null,
      updatedAt: maxIso(now.toISOString(), turn.replyDoc.timestamp),
    });
    settle(tx, ledger, turnHoldId(turn.replyId), {
      usage: end.usage,
      costUsd: cost,
      bucket: { kind: 'designer', turn: true },
    });
  });
  return toMessageJson(turn.replyId, reply);
}

const maxIso = (a: string, b: string) => (a > b ? a : b);
