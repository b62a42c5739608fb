/**
 * One chat turn, from the person's message to the finished reply:
 * `beginTurn` checks everything that can refuse the turn (input, ownership,
 * budget, rate limit) and stores the person's message with an empty reply;
 * `run` talks to the model, writes the reply as it grows (throttled), and
 * records usage. Nothing is written before every refusal has had its chance.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { type AgentSpec, issueMessage } from '../agents/schema';
import { getAgent } from '../agents/service';
import { costUsd, type TokenUsage } from '../model/usage';
import { increment } from '../ports/store';
import type { ExecutionDoc } from '../runs/execution';
import { getExecution } from '../runs/execution-store';
import { canonicalTimeZone } from '../schedule/zones';
import { AppError, ConflictError, InvalidArgumentError, NotFoundError } from '../shared/errors';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import { assertWithinBudget, readUserForUsage, writeUserUsage } from '../usage/budget';
import {
  asData,
  conversationPath,
  isConversationId,
  listMessages,
  messagePath,
  readConversation,
} from './conversation-store';
import { estimateCost } from './cost-estimate';
import { newOutcome, runDesignerLoop } from './designer-loop';
import { schedulePreview, summaryText } from './draft-summary';
import { buildHistory } from './history';
import { type DesignerContext, designerSystem } from './instructions';
import { ThrottledWriter } from './message-writer';
import { takeTurn } from './rate-limit';
import { titleOf } from './title';
import {
  type ConversationDoc,
  type DraftPartData,
  type Locale,
  type MessageDoc,
  type MessageJson,
  type MessagePart,
  type StatusPartData,
  type StatusPhase,
  toMessageJson,
} from './types';

export type ChatDeps = Adapters;

/**
 * How long a turn holds its conversation without a heartbeat: a turn renews it
 * while it runs, so one that died with its instance frees the conversation
 * (and its reply is marked interrupted) within this time.
 */
export const TURN_LEASE_MS = 90_000;
const TURN_HEARTBEAT_MS = 30_000;

const TRY_AGAIN: Record<Locale, string> = {
  en: 'Please send your message again in a moment.',
  ko: '잠시 후 메시지를 다시 보내 주세요.',
};

const INTERRUPTED: Record<Locale, string> = {
  en: 'This reply was interrupted before it finished. Please send your message again.',
  ko: '답변이 끝나기 전에 중단되었습니다. 메시지를 다시 보내 주세요.',
};
/** Streaming writes of one reply: at most one per this many milliseconds (plus a few urgent ones). */
export const STREAM_WRITE_INTERVAL_MS = 300;

const ChatBody = z.strictObject({
  message: z.string(),
  conversationId: z.string().optional(),
  agentId: z.string().optional(),
  /** The client's IANA time zone, the default for a draft's schedule (an extension of API.md). */
  timezone: z.string().optional(),
});
export type ChatRequest = z.infer<typeof ChatBody>;

/** Validates the body of `POST /api/chat`; 400 naming each bad field. */
export function parseChatBody(body: unknown, maxChars: number): ChatRequest {
  const parsed = ChatBody.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    const details = parsed.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((k) => ({ field: k, message: 'Unknown field.' }))
        : [{ field: i.path.join('.') || '(body)', message: issueMessage(i, 'en') }],
    );
    throw new InvalidArgumentError('The chat request is not valid.', details);
  }
  const request = parsed.data;
  const length = [...request.message].length;
  if (request.message.trim() === '' || length > maxChars) {
    throw new InvalidArgumentError(`The message must be 1–${maxChars.toLocaleString('en-US')} characters.`, [
      {
        field: 'message',
        message: length > maxChars ? `At most ${maxChars} characters (got ${length}).` : 'Must not be empty.',
      },
    ]);
  }
  if (request.timezone !== undefined) {
    const zone = canonicalTimeZone(request.timezone);
    if (!zone) {
      throw new InvalidArgumentError('The time zone is not a known IANA zone.', [
        { field: 'timezone', message: 'Not a known IANA time zone, e.g. "Asia/Seoul" or "UTC".' },
      ]);
    }
    request.timezone = zone;
  }
  return request;
}

/** `ko` when the text has Hangul, else `en`. */
export function detectLocale(text: string): Locale {
  return /[\uAC00-\uD7A3]/.test(text) ? 'ko' : 'en';
}

const STATUS_TEXT: Record<StatusPhase, Record<Locale, string>> = {
  analysing: { en: 'Analysing the task…', ko: '작업을 분석하는 중…' },
  drafting: { en: 'Drafting the agent…', ko: '에이전트 초안을 만드는 중…' },
  checking: { en: 'Checking the schedule…', ko: '일정을 확인하는 중…' },
  correcting: { en: 'Correcting the draft…', ko: '초안을 고치는 중…' },
};

/** What a finished turn answers (API.md). */
export interface TurnResult {
  conversationId: string;
  message: MessageJson;
  draft?: AgentSpec;
}

/** Progress of a turn as it happens (the SSE events). */
export interface TurnEvents {
  status?(data: StatusPartData): void;
  delta?(text: string): void;
  draft?(data: DraftPartData): void;
}

export interface PreparedTurn {
  conversationId: string;
  assistantMessageId: string;
  /** Runs the turn; on a model failure the reply is stored with an error part, then the error is thrown. */
  run(events?: TurnEvents): Promise<TurnResult>;
}

/** Checks and stores the start of a turn; throws before writing anything when the turn is refused. */
export async function beginTurn(deps: ChatDeps, uid: string, request: ChatRequest): Promise<PreparedTurn> {
  const { store, config } = deps;
  const now = deps.now();
  const locale = detectLocale(request.message);

  let existing: ConversationDoc | null = null;
  let conversationId: string;
  let editedAgent: { id: string; draft: AgentSpec } | null = null;
  if (request.conversationId !== undefined) {
    conversationId = request.conversationId;
    const doc = isConversationId(conversationId) ? await readConversation(store, conversationId) : null;
    if (!doc || doc.data.userId !== uid) throw new NotFoundError('The conversation');
    existing = doc.data;
    if (request.agentId !== undefined && request.agentId !== existing.agentId) {
      throw new InvalidArgumentError('This conversation is not about that agent.', [
        { field: 'agentId', message: 'Differs from the agent of the conversation; leave it out to continue.' },
      ]);
    }
    assertNoTurnRunning(existing, now);
  } else {
    conversationId = store.newId();
    if (request.agentId !== undefined) {
      const agent = await getAgent(deps, uid, request.agentId);
      editedAgent = {
        id: agent.id,
        draft: {
          name: agent.name,
          description: agent.description,
          finalAgentPrompt: agent.finalAgentPrompt,
          tools: agent.tools,
          model: agent.model,
          schedule: agent.schedule,
          status: 'draft',
        },
      };
    }
  }

  await assertWithinBudget(deps, uid);
  await takeTurn(deps, uid, config.chat.turnsPerMinute);

  const earlier = existing ? await listMessages(store, conversationId) : [];
  // Distinct, increasing timestamps keep the order of messages even within one millisecond.
  const after = existing ? Date.parse(existing.updatedAt) : 0;
  const userAt = new Date(Math.max(now.getTime(), after + 1));
  const replyAt = new Date(userAt.getTime() + 1);
  const userMessageId = store.newId();
  const assistantMessageId = store.newId();
  const timezone = request.timezone ?? existing?.timezone ?? null;

  const userDoc: MessageDoc = {
    userId: uid,
    role: 'user',
    content: request.message,
    parts: [{ type: 'text', data: { text: request.message } }],
    tokenUsage: null,
    state: 'complete',
    timestamp: userAt.toISOString(),
  };
  const firstStatus: MessagePart = {
    type: 'status',
    data: { phase: 'analysing', text: STATUS_TEXT.analysing[locale] },
  };
  const replyDoc: MessageDoc = {
    userId: uid,
    role: 'assistant',
    content: '',
    parts: [firstStatus],
    tokenUsage: null,
    state: 'streaming',
    leaseUntil: new Date(now.getTime() + TURN_LEASE_MS).toISOString(),
    timestamp: replyAt.toISOString(),
  };

  const conversation = await store.runTransaction(async (tx) => {
    const current = existing ? await readConversation(tx, conversationId) : null;
    // A turn that died mid-reply (its lease ran out) left its reply streaming: close it as interrupted.
    const deadId = current?.data.turnMessageId;
    const dead = deadId ? await tx.get<MessageDoc>(messagePath(conversationId, deadId)) : null;
    const leaseUntil = replyDoc.leaseUntil as string;
    let doc: ConversationDoc;
    if (current) {
      assertNoTurnRunning(current.data, now);
      if (dead && deadId && dead.data.state === 'streaming') {
        const lang = current.data.locale ?? locale;
        tx.update(messagePath(conversationId, deadId), {
          state: 'error',
          leaseUntil: null,
          parts: [
            ...dead.data.parts.filter((p) => p.type !== 'status'),
            { type: 'error', data: { code: 'interrupted', message: INTERRUPTED[lang] } },
          ],
        });
      }
      doc = {
        ...current.data,
        timezone,
        locale,
        updatedAt: replyDoc.timestamp,
        turnLeaseUntil: leaseUntil,
        turnMessageId: assistantMessageId,
      };
      tx.update(conversationPath(conversationId), {
        timezone,
        locale,
        updatedAt: replyDoc.timestamp,
        turnLeaseUntil: leaseUntil,
        turnMessageId: assistantMessageId,
      });
    } else {
      doc = {
        userId: uid,
        agentId: editedAgent?.id ?? null,
        title: titleOf(request.message),
        draft: editedAgent?.draft ?? null,
        timezone,
        locale,
        tokenUsage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, webSearches: 0 },
        costUsd: 0,
        lastTestRun: null,
        turnLeaseUntil: leaseUntil,
        turnMessageId: assistantMessageId,
        createdAt: userDoc.timestamp,
        updatedAt: replyDoc.timestamp,
      };
      tx.create(conversationPath(conversationId), asData(doc));
    }
    tx.create(messagePath(conversationId, userMessageId), asData(userDoc));
    tx.create(messagePath(conversationId, assistantMessageId), asData(replyDoc));
    return doc;
  });

  const history = [...earlier.map((m) => m.data), userDoc];
  return {
    conversationId,
    assistantMessageId,
    run: (events = {}) =>
      runTurn(deps, {
        uid,
        conversationId,
        conversation,
        assistantMessageId,
        replyDoc,
        history,
        locale,
        events,
      }),
  };
}

function assertNoTurnRunning(conversation: ConversationDoc, now: Date): void {
  if (conversation.turnLeaseUntil && Date.parse(conversation.turnLeaseUntil) > now.getTime()) {
    throw new ConflictError(
      'The designer is still answering your last message in this conversation; wait for it to finish.',
    );
  }
}

interface TurnState {
  uid: string;
  conversationId: string;
  conversation: ConversationDoc;
  assistantMessageId: string;
  replyDoc: MessageDoc;
  history: MessageDoc[];
  locale: Locale;
  events: TurnEvents;
}

async function runTurn(deps: ChatDeps, s: TurnState): Promise<TurnResult> {
  const { store, config } = deps;
  const model = config.models.designerModel;
  const path = messagePath(s.conversationId, s.assistantMessageId);
  const writer = new ThrottledWriter(store, path, STREAM_WRITE_INTERVAL_MS);
  const testRun = await lastTestRunOf(deps, s.conversation);

  // The reply as it grows: finished parts, the text being written, the current status.
  const done: MessagePart[] = [];
  let text = '';
  let paragraphBreak = false;
  let status: MessagePart | null = s.replyDoc.parts[0] ?? null;
  const parts = (withStatus: boolean): MessagePart[] => [
    ...done,
    ...(text ? [{ type: 'text' as const, data: { text } }] : []),
    ...(withStatus && status ? [status] : []),
  ];
  const content = () =>
    parts(false)
      .flatMap((p) => (p.type === 'text' ? [p.data.text] : []))
      .join('\n\n');
  const push = (urgent: boolean) => writer.push({ content: content(), parts: parts(true) }, { urgent });

  if (status?.type === 'status') s.events.status?.(status.data);
  const outcome = newOutcome();
  let accepted: AgentSpec | null = null;
  const heartbeat = setInterval(() => void renewTurnLease(deps, s), TURN_HEARTBEAT_MS);
  try {
    await runDesignerLoop(
      {
        endpoint: deps.model,
        model,
        system: designerSystem(contextFor(deps, s, testRun)),
        messages: buildHistory(s.history, config.chat.historyTokenCeiling).messages,
        timezone: s.conversation.timezone,
        locale: s.locale,
      },
      {
        status(phase) {
          const data = { phase, text: STATUS_TEXT[phase][s.locale] };
          status = { type: 'status', data };
          s.events.status?.(data);
          push(true);
        },
        text(delta) {
          const first = text === '';
          if (paragraphBreak && text) text += '\n\n';
          paragraphBreak = false;
          text += delta;
          s.events.delta?.(delta);
          push(first);
        },
        boundary() {
          paragraphBreak = true;
        },
        draft(draft) {
          const data = describeDraft(deps, draft, s.locale, testRun);
          if (text) done.push({ type: 'text', data: { text } });
          text = '';
          paragraphBreak = false;
          done.push({ type: 'agent_draft', data });
          accepted = draft;
          s.events.draft?.(data);
          push(true);
          return { summary: data.summary };
        },
      },
      outcome,
    );
  } catch (err) {
    clearInterval(heartbeat);
    const error = err instanceof AppError ? err : new AppError('internal', 'The designer failed unexpectedly.');
    await writer.close();
    // A passing failure (overload, rate limit): nothing retries a chat turn, so tell the person to.
    const shown = error.retryable ? `${error.message} ${TRY_AGAIN[s.locale]}` : error.message;
    const reason = error.options.reason;
    const final = [
      ...parts(false),
      { type: 'error' as const, data: { code: error.code, message: shown, ...(reason ? { reason } : {}) } },
    ];
    await finishTurn(deps, s, {
      parts: final,
      content: content(),
      state: 'error',
      usage: outcome.usage,
      model,
      draft: accepted,
    });
    log.warn('chat turn failed', { conversationId: s.conversationId, code: error.code, err });
    throw error;
  }

  clearInterval(heartbeat);
  await writer.close();
  const final = parts(false);
  if (outcome.stopReason === 'refusal') {
    final.push({
      type: 'error',
      data: {
        code: 'refusal',
        message:
          s.locale === 'ko'
            ? '모델이 이 요청을 돕지 않기로 했습니다. 다른 방식으로 말씀해 주세요.'
            : 'The model declined this request. Try describing it differently.',
      },
    });
  }
  const message = await finishTurn(deps, s, {
    parts: final,
    content: content(),
    state: 'complete',
    usage: outcome.usage,
    model,
    draft: accepted,
  });
  log.info('chat turn', {
    conversationId: s.conversationId,
    calls: outcome.calls,
    stopReason: outcome.stopReason,
    rejectedDrafts: outcome.rejectedDrafts,
    draft: Boolean(accepted),
    streamingWrites: writer.writes,
  });
  const draft = accepted ?? s.conversation.draft;
  return { conversationId: s.conversationId, message, ...(draft ? { draft } : {}) };
}

/** The final write of a turn: the reply, the conversation's draft and usage, the user's month, in one transaction. */
async function finishTurn(
  deps: ChatDeps,
  s: TurnState,
  f: {
    parts: MessagePart[];
    content: string;
    state: 'complete' | 'error';
    usage: TokenUsage;
    model: string;
    draft: AgentSpec | null;
  },
): Promise<MessageJson> {
  const now = deps.now();
  const cost = costUsd(deps.config.models, f.model, f.usage);
  const reply: MessageDoc = { ...s.replyDoc, parts: f.parts, content: f.content, state: f.state, tokenUsage: f.usage };
  await deps.store.runTransaction(async (tx) => {
    const user = await readUserForUsage(tx, s.uid);
    tx.update(messagePath(s.conversationId, s.assistantMessageId), {
      parts: reply.parts,
      content: reply.content,
      state: reply.state,
      leaseUntil: null,
      tokenUsage: reply.tokenUsage,
    });
    tx.update(conversationPath(s.conversationId), {
      ...(f.draft ? { draft: f.draft } : {}),
      'tokenUsage.input': increment(f.usage.input),
      'tokenUsage.output': increment(f.usage.output),
      'tokenUsage.cacheRead': increment(f.usage.cacheRead),
      'tokenUsage.cacheWrite': increment(f.usage.cacheWrite),
      costUsd: increment(cost),
      turnLeaseUntil: null,
      turnMessageId: null,
      updatedAt: maxIso(now.toISOString(), s.replyDoc.timestamp),
    });
    if (f.usage.input + f.usage.output + f.usage.cacheRead + f.usage.cacheWrite > 0) {
      writeUserUsage(tx, user, s.uid, now, f.usage, cost);
    }
  });
  return toMessageJson(s.assistantMessageId, reply);
}

const maxIso = (a: string, b: string) => (a > b ? a : b);

/** Extends a running turn's lease on its conversation and reply, while the turn still holds it. */
async function renewTurnLease(deps: ChatDeps, s: TurnState): Promise<void> {
  const leaseUntil = new Date(deps.now().getTime() + TURN_LEASE_MS).toISOString();
  try {
    await deps.store.runTransaction(async (tx) => {
      const conversation = await readConversation(tx, s.conversationId);
      if (conversation?.data.turnMessageId !== s.assistantMessageId) return;
      tx.update(conversationPath(s.conversationId), { turnLeaseUntil: leaseUntil });
      tx.update(messagePath(s.conversationId, s.assistantMessageId), { leaseUntil });
    });
  } catch (err) {
    log.warn('could not renew the turn lease', { conversationId: s.conversationId, err });
  }
}

/** The draft's schedule in words, next runs and cost, ready for the chat and for the model. */
export function describeDraft(
  deps: Pick<ChatDeps, 'config' | 'now'>,
  draft: AgentSpec,
  locale: Locale,
  testRun: FinishedTestRun | null,
): DraftPartData {
  const now = deps.now();
  const schedule = schedulePreview(draft, now, locale);
  const real = testRun && testRun.draftKey === draftKey(draft) ? testRun : undefined;
  const estimate = estimateCost(deps.config, draft, now, real && { usage: real.usage, costUsd: real.costUsd });
  return { draft, schedule, estimate, summary: summaryText(schedule, estimate, locale) };
}

/** What decides a run's cost: the same key means a test run's usage still applies. */
export function draftKey(draft: Pick<AgentSpec, 'finalAgentPrompt' | 'tools' | 'model'>): string {
  return createHash('sha256')
    .update(JSON.stringify([draft.finalAgentPrompt, [...draft.tools].sort(), draft.model]))
    .digest('hex')
    .slice(0, 16);
}

export interface FinishedTestRun {
  draftKey: string;
  status: ExecutionDoc['status'];
  result: string | null;
  error: string | null;
  usage: TokenUsage;
  costUsd: number;
}

/** The conversation's last test run once it has finished, else null. */
export async function lastTestRunOf(
  deps: Pick<ChatDeps, 'store'>,
  conversation: ConversationDoc,
): Promise<FinishedTestRun | null> {
  if (!conversation.lastTestRun) return null;
  const execution = await getExecution(deps.store, conversation.lastTestRun.executionId);
  if (!execution || (execution.data.status !== 'success' && execution.data.status !== 'failed')) return null;
  return {
    draftKey: conversation.lastTestRun.draftKey,
    status: execution.data.status,
    result: execution.data.result,
    error: execution.data.error,
    usage: execution.data.tokenUsage,
    costUsd: execution.data.costUsd,
  };
}

function contextFor(deps: ChatDeps, s: TurnState, testRun: FinishedTestRun | null): DesignerContext {
  const draft = s.conversation.draft;
  return {
    now: deps.now().toISOString(),
    userTimezone: s.conversation.timezone,
    replyLanguage: s.locale,
    editingAgentId: s.conversation.agentId,
    currentDraft: draft,
    lastTestRun: testRun && {
      status: testRun.status,
      // Enough of the result to judge it; the whole of it could dwarf the conversation.
      result: testRun.result ? testRun.result.slice(0, 4_000) : null,
      error: testRun.error,
      costUsd: testRun.costUsd,
      tokens: testRun.usage.input + testRun.usage.output,
      ofCurrentDraft: Boolean(draft && testRun.draftKey === draftKey(draft)),
    },
  };
}
