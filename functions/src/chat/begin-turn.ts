/**
 * The start of a chat turn: everything that can refuse it (the conversation's
 * owner, a turn already running, the budget, the rate limit) is checked first,
 * then one transaction stores the person's message with an empty reply and
 * takes the turn's lease. Nothing is written before every refusal has had its
 * chance.
 */
import { type AgentSpec, engineOf } from '@agent-platform/core/agent';
import type { ConversationDoc, MessageDoc } from '@agent-platform/core/chat';
import { titleOf } from '@agent-platform/core/chat';
import { ConflictError, InvalidArgumentError, NotFoundError } from '@agent-platform/core/errors';
import { detectLocale, type Locale } from '@agent-platform/core/locale';
import type { Transaction } from '@agent-platform/core/ports';
import { getAgent } from '../agents/service';
import { ZERO_USAGE } from '../model/usage';
import { assertFirstCallFits } from '../money/request-check';
import type { Adapters } from '../shared/factory';
import { conversations, listMessages, messagesOf } from '../store/conversations';
import { interruptedText, STATUS_TEXT } from './messages';
import { takeTurn } from './rate-limit';
import type { ChatRequest } from './request';
import { firstTurnAsk } from './turn-holds';
import { turnLeaseUntil, turnRunning } from './turn-lease';

/** A turn whose start is stored: what running it needs. */
export interface StartedTurn {
  uid: string;
  conversationId: string;
  /** The conversation as this turn's transaction left it. */
  conversation: ConversationDoc;
  replyId: string;
  replyDoc: MessageDoc;
  /** The conversation's messages up to and including the person's new one. */
  history: MessageDoc[];
  locale: Locale;
}

/** Checks and stores the start of a turn; throws before writing anything when the turn is refused. */
export async function beginTurn(
  deps: Adapters,
  uid: string,
  request: ChatRequest,
  provider?: string,
): Promise<StartedTurn> {
  const now = deps.now();
  const locale = detectLocale(request.message);
  const target = await targetConversation(deps, uid, request, now);

  const earlier = target.existing ? await listMessages(deps.store, target.id) : [];
  const ask = firstTurnAsk(
    deps.config,
    earlier.map((m) => m.data),
    request.message,
  );
  await assertFirstCallFits(deps, uid, provider, ask);
  await takeTurn(deps, uid, deps.config.chat.turnsPerMinute);

  // Distinct, increasing timestamps keep the order of messages even within one millisecond.
  const after = target.existing ? Date.parse(target.existing.updatedAt) : 0;
  const userAt = new Date(Math.max(now.getTime(), after + 1));
  const userDoc: MessageDoc = {
    userId: uid,
    role: 'user',
    content: request.message,
    parts: [{ type: 'text', data: { text: request.message } }],
    tokenUsage: null,
    state: 'complete',
    timestamp: userAt.toISOString(),
  };
  const replyDoc: MessageDoc = {
    userId: uid,
    role: 'assistant',
    content: '',
    parts: [{ type: 'status', data: { phase: 'analysing', text: STATUS_TEXT.analysing[locale] } }],
    tokenUsage: null,
    state: 'streaming',
    leaseUntil: turnLeaseUntil(now),
    timestamp: new Date(userAt.getTime() + 1).toISOString(),
  };
  const replyId = deps.store.newId();
  const turn = {
    uid,
    conversationId: target.id,
    userMessageId: deps.store.newId(),
    userDoc,
    replyId,
    replyDoc,
    timezone: request.timezone ?? target.existing?.timezone ?? null,
    locale,
  };
  const conversation = await deps.store.runTransaction((tx) =>
    target.existing ? continueConversation(tx, turn, now) : startConversation(tx, turn, request, target.editedAgent),
  );
  return {
    uid,
    conversationId: target.id,
    conversation,
    replyId,
    replyDoc,
    history: [...earlier.map((m) => m.data), userDoc],
    locale,
  };
}

interface Target {
  id: string;
  existing: ConversationDoc | null;
  /** For a new conversation about changing an agent: that agent and its settings as the first draft. */
  editedAgent: { id: string; draft: AgentSpec } | null;
}

/** The conversation the turn belongs to (404 for another's), or a new one. */
async function targetConversation(deps: Adapters, uid: string, request: ChatRequest, now: Date): Promise<Target> {
  if (request.conversationId === undefined) {
    const id = deps.store.newId();
    if (request.agentId === undefined) return { id, existing: null, editedAgent: null };
    const agent = await getAgent(deps, uid, request.agentId);
    const { name, description, finalAgentPrompt, tools, model, schedule, deliveries, monthlyBudgetUsd } = agent;
    return {
      id,
      existing: null,
      editedAgent: {
        id: agent.id,
        draft: {
          name,
          description,
          finalAgentPrompt,
          tools,
          model,
          schedule,
          status: 'draft',
          deliveries,
          engine: engineOf(agent),
          monthlyBudgetUsd,
        },
      },
    };
  }
  const id = request.conversationId;
  const doc = conversations.isId(id) ? await conversations.get(deps.store, id) : null;
  if (!doc || doc.data.userId !== uid) throw new NotFoundError({ en: 'The conversation', ko: '대화' });
  if (request.agentId !== undefined && request.agentId !== doc.data.agentId) {
    throw new InvalidArgumentError(
      { en: 'This conversation is not about that agent.', ko: '이 대화는 그 에이전트에 관한 것이 아닙니다.' },
      [
        {
          field: 'agentId',
          message: 'Differs from the agent of the conversation; leave it out to continue.',
          ko: '대화의 에이전트와 다릅니다. 이어서 하려면 빼고 보내세요.',
        },
      ],
    );
  }
  assertNoTurnRunning(doc.data, now);
  return { id, existing: doc.data, editedAgent: null };
}

function assertNoTurnRunning(conversation: ConversationDoc, now: Date): void {
  if (turnRunning(conversation, now)) {
    throw new ConflictError({
      en: 'The designer is still answering your last message in this conversation; wait for it to finish.',
      ko: '디자이너가 아직 이 대화의 마지막 메시지에 답하는 중입니다. 답이 끝날 때까지 기다려 주세요.',
    });
  }
}

interface TurnStart {
  uid: string;
  conversationId: string;
  userMessageId: string;
  userDoc: MessageDoc;
  replyId: string;
  replyDoc: MessageDoc;
  timezone: string | null;
  locale: Locale;
}

/** A later turn: closes a reply left streaming by a turn that died, takes the lease, adds both messages. */
async function continueConversation(tx: Transaction, t: TurnStart, now: Date): Promise<ConversationDoc> {
  const messages = messagesOf(t.conversationId);
  const current = await conversations.get(tx, t.conversationId);
  if (!current) throw new NotFoundError({ en: 'The conversation', ko: '대화' });
  const deadId = current.data.turnMessageId;
  const dead = deadId ? await messages.get(tx, deadId) : null;
  assertNoTurnRunning(current.data, now);
  if (dead && deadId && dead.data.state === 'streaming') {
    messages.update(tx, deadId, {
      state: 'error',
      leaseUntil: null,
      parts: [
        ...dead.data.parts.filter((p) => p.type !== 'status'),
        { type: 'error', data: { code: 'interrupted', message: interruptedText(current.data.locale) } },
      ],
    });
  }
  const changes = {
    timezone: t.timezone,
    locale: t.locale,
    updatedAt: t.replyDoc.timestamp,
    turnLeaseUntil: t.replyDoc.leaseUntil ?? null,
    turnMessageId: t.replyId,
  };
  conversations.update(tx, t.conversationId, changes);
  messages.create(tx, t.userMessageId, t.userDoc);
  messages.create(tx, t.replyId, t.replyDoc);
  return { ...current.data, ...changes };
}

/** A first turn: the conversation, titled after the message, with both messages. */
function startConversation(
  tx: Transaction,
  t: TurnStart,
  request: ChatRequest,
  editedAgent: Target['editedAgent'],
): Promise<ConversationDoc> {
  const doc: ConversationDoc = {
    userId: t.uid,
    agentId: editedAgent?.id ?? null,
    title: titleOf(request.message),
    draft: editedAgent?.draft ?? null,
    timezone: t.timezone,
    locale: t.locale,
    tokenUsage: { ...ZERO_USAGE },
    costUsd: 0,
    lastTestRun: null,
    turnLeaseUntil: t.replyDoc.leaseUntil ?? null,
    turnMessageId: t.replyId,
    createdAt: t.userDoc.timestamp,
    updatedAt: t.replyDoc.timestamp,
  };
  const messages = messagesOf(t.conversationId);
  conversations.create(tx, t.conversationId, doc);
  messages.create(tx, t.userMessageId, t.userDoc);
  messages.create(tx, t.replyId, t.replyDoc);
  return Promise.resolve(doc);
}
