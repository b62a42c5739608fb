/**
 * One chat turn, from the person's message to the finished reply:
 * `beginTurn` (begin-turn.ts) checks what can refuse it and stores its start;
 * `runTurn` talks to the designer model, writes the reply as it grows
 * (throttled, so the web's live query shows it streaming), and finishes it
 * with the usage (finish-turn.ts), also when the model fails.
 */
import type { AgentSpec } from '@agent-platform/core/agent';
import type { DraftPartData, MessageJson, StatusPartData } from '@agent-platform/core/chat';
import { AppError, localizedMessage } from '@agent-platform/core/errors';
import type { Adapters } from '../shared/factory';
import { log } from '../shared/log';
import { messagesOf } from '../store/conversations';
import type { StartedTurn } from './begin-turn';
import { newOutcome, runDesignerLoop } from './designer-loop';
import { describeDraft, designerContext, lastTestRunOf } from './drafts';
import { finishTurn } from './finish-turn';
import { buildHistory } from './history';
import { designerSystem } from './instructions';
import { ThrottledWriter } from './message-writer';
import { refusalText, replyCutText, STATUS_TEXT, tryAgainText } from './messages';
import { ReplyBuilder } from './reply';
import { holdDesignerCall } from './turn-holds';
import { holdTurnLease } from './turn-lease';

/** Streaming writes of one reply: at most one per this many milliseconds (plus a few urgent ones). */
export const STREAM_WRITE_INTERVAL_MS = 300;

/** What a finished turn answers (docs/api.md "Chat"). */
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

/** Runs a started turn; on a model failure the reply is stored with an error part, then the error is thrown. */
export async function runTurn(deps: Adapters, turn: StartedTurn, events: TurnEvents = {}): Promise<TurnResult> {
  const model = deps.config.models.designerModel;
  const writer = new ThrottledWriter(
    deps.store,
    messagesOf(turn.conversationId),
    turn.replyId,
    STREAM_WRITE_INTERVAL_MS,
  );
  const reply = new ReplyBuilder(turn.replyDoc.parts[0] ?? null, replyCutText(turn.locale));
  const push = (urgent: boolean) => writer.push({ content: reply.content(), parts: reply.parts(true) }, { urgent });
  const testRun = await lastTestRunOf(deps, turn.conversation);
  const outcome = newOutcome();
  let accepted: AgentSpec | null = null;
  const status = (phase: StatusPartData['phase']): StatusPartData => ({ phase, text: STATUS_TEXT[phase][turn.locale] });
  events.status?.(status('analysing'));

  const release = holdTurnLease(deps, turn.conversationId, turn.replyId);
  let failure: AppError | null = null;
  try {
    await runDesignerLoop(
      {
        endpoint: deps.model,
        model,
        system: designerSystem(designerContext(deps.now(), turn.conversation, turn.locale, testRun)),
        messages: buildHistory(turn.history, deps.config.chat.historyTokenCeiling).messages,
        timezone: turn.conversation.timezone,
        locale: turn.locale,
        beforeCall: (request, spent) =>
          holdDesignerCall(deps, { uid: turn.uid, replyId: turn.replyId, request, spent }),
      },
      {
        status(phase) {
          reply.setStatus(status(phase));
          events.status?.(status(phase));
          push(true);
        },
        text(delta) {
          const first = reply.addText(delta);
          events.delta?.(delta);
          push(first);
        },
        boundary: () => reply.breakParagraph(),
        draft(draft) {
          const data = describeDraft(deps, draft, turn.locale, testRun);
          reply.addDraft(data);
          accepted = data.draft;
          events.draft?.(data);
          push(true);
          return { summary: data.summary };
        },
      },
      outcome,
    );
  } catch (err) {
    failure =
      err instanceof AppError
        ? err
        : new AppError('internal', 'The designer failed unexpectedly.', { ko: '디자이너가 예기치 않게 실패했습니다.' });
  } finally {
    release();
    await writer.close();
  }

  const parts = reply.parts(false);
  if (failure) {
    // A passing failure (overload, rate limit): nothing retries a chat turn, so tell the person to.
    const text = localizedMessage(failure, turn.locale);
    const message = failure.retryable ? tryAgainText(text, turn.locale) : text;
    const reason = failure.options.reason;
    parts.push({ type: 'error', data: { code: failure.code, message, ...(reason ? { reason } : {}) } });
  } else if (outcome.stopReason === 'refusal') {
    parts.push({ type: 'error', data: { code: 'refusal', message: refusalText(turn.locale) } });
  }
  const message = await finishTurn(deps, turn, {
    parts,
    content: reply.content(),
    state: failure ? 'error' : 'complete',
    usage: outcome.usage,
    model,
    draft: accepted,
  });
  if (failure) {
    log.warn('chat turn failed', { conversationId: turn.conversationId, code: failure.code, err: failure });
    throw failure;
  }
  log.info('chat turn', {
    conversationId: turn.conversationId,
    calls: outcome.calls,
    stopReason: outcome.stopReason,
    rejectedDrafts: outcome.rejectedDrafts,
    draft: Boolean(accepted),
    streamingWrites: writer.writes,
  });
  const draft = accepted ?? turn.conversation.draft;
  return { conversationId: turn.conversationId, message, ...(draft ? { draft } : {}) };
}
