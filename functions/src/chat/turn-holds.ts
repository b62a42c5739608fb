/**
 * A designer turn's budget holds: before each model call of the turn, the
 * turn's hold becomes what it has spent so far plus that call's worst case
 * (money/ledger.ts); the turn's last write settles it (finish-turn.ts).
 */
import type { MessageDoc } from '@agent-platform/core/chat';
import { budgetTokens, costUsd, type TokenUsage, ZERO_USAGE } from '../model/usage';
import type { HoldAsk } from '../money/budgets';
import { hold, readLedger } from '../money/ledger';
import { callWorstCase, inputTokenCeiling } from '../money/worst-case';
import type { Config } from '../shared/config';
import type { Adapters } from '../shared/factory';

/** Output tokens one designer call may write. */
export const DESIGNER_MAX_TOKENS = 8_192;
/** A designer call's hold outlives any one call (the SDK gives up on a call after 10 minutes). */
const TURN_HOLD_MS = 11 * 60_000;
/** The designer's instructions and tool schema, generously (chat/instructions.ts, chat/propose-tool.ts). */
const DESIGNER_SYSTEM_TOKENS = 6_000;

export const turnHoldId = (replyId: string) => `turn:${replyId}`;

/** What a designer call of `sentTokens` may cost at most, plus what the turn spent so far. */
export function designerAsk(config: Config, replyId: string, sentTokens: number, spent: TokenUsage): HoldAsk {
  const model = config.models.designerModel;
  const worst = callWorstCase(config.models, { model, sentTokens, maxOutputTokens: DESIGNER_MAX_TOKENS, tools: [] });
  return {
    holdId: turnHoldId(replyId),
    usd: costUsd(config.models, model, spent) + worst.usd,
    tokens: budgetTokens(spent) + worst.tokens,
    agent: null,
    kind: 'turn',
  };
}

/** The request-time ask of a turn's first call: its history (within the ceiling) and the instructions. */
export function firstTurnAsk(
  config: Config,
  history: readonly Pick<MessageDoc, 'content'>[],
  message: string,
): HoldAsk {
  const historyTokens = Math.min(
    inputTokenCeiling(history.map((m) => m.content)),
    Math.ceil(config.chat.historyTokenCeiling * 1.2),
  );
  const sent = DESIGNER_SYSTEM_TOKENS + historyTokens + inputTokenCeiling([message]);
  return designerAsk(config, 'request', sent, ZERO_USAGE);
}

/** Holds the next designer call (its exact request), or throws BudgetRefusedError. */
export async function holdDesignerCall(
  deps: Pick<Adapters, 'store' | 'config' | 'now'>,
  input: {
    uid: string;
    replyId: string;
    request: { system: unknown; messages: unknown; tools: unknown };
    spent: TokenUsage;
  },
): Promise<void> {
  const sent = inputTokenCeiling([input.request.system, input.request.messages, input.request.tools]);
  const ask = designerAsk(deps.config, input.replyId, sent, input.spent);
  await deps.store.runTransaction(async (tx) => {
    const now = deps.now();
    const ledger = await readLedger(tx, { config: deps.config, now }, input.uid);
    hold(tx, ledger, ask, new Date(now.getTime() + TURN_HOLD_MS));
  });
}
