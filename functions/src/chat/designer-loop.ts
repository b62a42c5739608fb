/**
 * One designer turn against the model: stream a reply, answer `propose_agent`
 * calls (validating each draft with the shared schema), continue after
 * `pause_turn`, and stop at the end of the turn. Streams text and progress
 * through callbacks; usage accumulates in `outcome` even when a call fails.
 */

import type { AgentSpec } from '@agent-platform/core/agent';
import type { StatusPhase } from '@agent-platform/core/chat';
import type { Locale } from '@agent-platform/core/locale';
import type { ModelEndpoint } from '@agent-platform/core/ports';
import type Anthropic from '@anthropic-ai/sdk';
import { modelClient } from '../model/client';
import { toModelError } from '../model/errors';
import { addUsage, type TokenUsage, usageFromApi, ZERO_USAGE } from '../model/usage';
import { checkProposal, PROPOSE_AGENT, proposeAgentTool } from './propose-tool';
import { DESIGNER_MAX_TOKENS } from './turn-holds';

/** Model calls one turn may make (replies, corrections, continuations). */
const MAX_CALLS = 8;
/** Rejected drafts after which the model is told to ask the person instead. */
const MAX_REJECTIONS = 3;

export interface LoopEvents {
  status(phase: StatusPhase): void;
  text(delta: string): void;
  /** A new model call begins after tool results: its text is a new paragraph. */
  boundary(): void;
  /** A draft passed validation; returns the summary the model must repeat (schedule, runs, cost). */
  draft(draft: AgentSpec): { summary: string };
}

export interface LoopInput {
  endpoint: ModelEndpoint;
  model: string;
  system: Anthropic.TextBlockParam[];
  messages: Anthropic.MessageParam[];
  timezone: string | null;
  locale: Locale;
  /** Called with each request before it is sent (the budget hold); throws to end the turn. */
  beforeCall?: (request: { system: unknown; messages: unknown; tools: unknown }, spent: TokenUsage) => Promise<void>;
}

export interface LoopOutcome {
  usage: TokenUsage;
  calls: number;
  stopReason: string | null;
  rejectedDrafts: number;
  acceptedDraft: AgentSpec | null;
}

export function newOutcome(): LoopOutcome {
  return { usage: { ...ZERO_USAGE }, calls: 0, stopReason: null, rejectedDrafts: 0, acceptedDraft: null };
}

/** Runs the turn; throws an AppError (see model/errors.ts) when the model fails. */
export async function runDesignerLoop(input: LoopInput, events: LoopEvents, outcome: LoopOutcome): Promise<void> {
  const client = modelClient(input.endpoint);
  const messages = [...input.messages];
  const tools = [proposeAgentTool()];
  while (outcome.calls < MAX_CALLS) {
    await input.beforeCall?.({ system: input.system, messages, tools }, outcome.usage);
    outcome.calls++;
    let message: Anthropic.Message;
    try {
      const stream = client.messages.stream({
        model: input.model,
        max_tokens: DESIGNER_MAX_TOKENS,
        system: input.system,
        tools,
        // auto: current Sonnet and Opus models refuse a forced tool choice (https://platform.claude.com/docs/en/models/sonnet-5-5/migration-guide).
        tool_choice: { type: 'auto' },
        messages,
      });
      stream.on('text', (delta) => events.text(delta));
      stream.on('streamEvent', (event) => {
        if (event.type === 'content_block_start' && event.content_block.type === 'tool_use') events.status('drafting');
      });
      message = await stream.finalMessage();
    } catch (err) {
      throw toModelError(err);
    }
    outcome.usage = addUsage(outcome.usage, usageFromApi(message.usage));
    outcome.stopReason = message.stop_reason;
    // Sent back unchanged: thinking blocks must be, and pause_turn continues from exactly this content.
    messages.push({ role: 'assistant', content: message.content as Anthropic.ContentBlockParam[] });

    if (message.stop_reason === 'pause_turn') continue;
    if (message.stop_reason !== 'tool_use') return;

    const results: Anthropic.ToolResultBlockParam[] = [];
    for (const block of message.content) {
      if (block.type !== 'tool_use') continue;
      results.push(answerToolCall(block, input, events, outcome));
    }
    if (results.length === 0) return;
    messages.push({ role: 'user', content: results });
    events.boundary();
  }
}

function answerToolCall(
  block: Anthropic.ToolUseBlock,
  input: LoopInput,
  events: LoopEvents,
  outcome: LoopOutcome,
): Anthropic.ToolResultBlockParam {
  if (block.name !== PROPOSE_AGENT) {
    return {
      type: 'tool_result',
      tool_use_id: block.id,
      is_error: true,
      content: `There is no tool named ${block.name}.`,
    };
  }
  events.status('checking');
  const check = checkProposal(block.input, input.timezone, input.locale);
  if (!check.ok) {
    outcome.rejectedDrafts++;
    events.status('correcting');
    const giveUp =
      outcome.rejectedDrafts >= MAX_REJECTIONS
        ? '\nDo not call propose_agent again in this turn: tell the person briefly what you could not settle and ask them.'
        : '';
    return { type: 'tool_result', tool_use_id: block.id, is_error: true, content: check.feedback + giveUp };
  }
  outcome.acceptedDraft = check.draft;
  const { summary } = events.draft(check.draft);
  return {
    type: 'tool_result',
    tool_use_id: block.id,
    content: [
      // First block: what the person should hear. The offline stand-in repeats exactly this one.
      { type: 'text', text: summary },
      {
        type: 'text',
        text: 'The draft passed validation and is stored in the conversation (not saved as an agent yet). Repeat the summary above to the person in their language, then ask whether to change anything, test-run it, or save it.',
      },
    ],
  };
}
