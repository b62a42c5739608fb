/**
 * A conversation's draft as the person and the designer see it: its schedule
 * in words with the next runs, its likely cost (from its test run once one of
 * the same draft has finished), and the context block the designer is given.
 */
import { createHash } from 'node:crypto';
import type { AgentSpec } from '@agent-platform/core/agent';
import type { ConversationDoc, DraftPartData } from '@agent-platform/core/chat';
import type { Locale } from '@agent-platform/core/locale';
import type { ExecutionDoc } from '@agent-platform/core/runs';
import type { TokenUsage } from '../model/usage';
import type { Adapters } from '../shared/factory';
import { executions } from '../store/executions';
import { estimateCost } from './cost-estimate';
import { schedulePreview, summaryText } from './draft-summary';
import type { DesignerContext } from './instructions';

export interface FinishedTestRun {
  draftKey: string;
  status: ExecutionDoc['status'];
  result: string | null;
  error: string | null;
  usage: TokenUsage;
  costUsd: number;
}

/**
 * The monthly budget the designer proposes for a scheduled agent: half again
 * its estimated monthly cost, to the cent above, and at least ten cents, so a
 * runaway prompt stops long before the user's own budget does.
 */
export function proposedBudgetUsd(perMonthUsd: number | null): number | null {
  if (perMonthUsd === null || perMonthUsd <= 0) return null;
  return Math.max(0.1, Math.ceil(perMonthUsd * 1.5 * 100) / 100);
}

/**
 * The draft's schedule in words, next runs and cost, ready for the chat and
 * for the model; a scheduled draft without a budget of its own gets the one
 * the designer proposes from the estimate.
 */
export function describeDraft(
  deps: Pick<Adapters, 'config' | 'now'>,
  draft: AgentSpec,
  locale: Locale,
  testRun: FinishedTestRun | null,
): DraftPartData {
  const now = deps.now();
  const schedule = schedulePreview(draft, now, locale);
  const real = testRun && testRun.draftKey === draftKey(draft) ? testRun : undefined;
  const estimate = estimateCost(deps.config, draft, now, real && { usage: real.usage, costUsd: real.costUsd });
  const budget = draft.monthlyBudgetUsd ?? proposedBudgetUsd(estimate.perMonthUsd);
  const budgeted = budget === draft.monthlyBudgetUsd ? draft : { ...draft, monthlyBudgetUsd: budget };
  return { draft: budgeted, schedule, estimate, summary: summaryText(schedule, estimate, locale, budget) };
}

/** What decides a run's cost: the same key means a test run's usage still applies. */
export function draftKey(draft: Pick<AgentSpec, 'finalAgentPrompt' | 'tools' | 'model'>): string {
  return createHash('sha256')
    .update(JSON.stringify([draft.finalAgentPrompt, [...draft.tools].sort(), draft.model]))
    .digest('hex')
    .slice(0, 16);
}

/** The conversation's last test run once it has finished, else null. */
export async function lastTestRunOf(
  deps: Pick<Adapters, 'store'>,
  conversation: ConversationDoc,
): Promise<FinishedTestRun | null> {
  if (!conversation.lastTestRun) return null;
  const execution = await executions.get(deps.store, conversation.lastTestRun.executionId);
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

/** What the designer knows beyond the conversation this turn. */
export function designerContext(
  now: Date,
  conversation: ConversationDoc,
  locale: Locale,
  testRun: FinishedTestRun | null,
): DesignerContext {
  const draft = conversation.draft;
  return {
    now: now.toISOString(),
    userTimezone: conversation.timezone,
    replyLanguage: locale,
    editingAgentId: conversation.agentId,
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
