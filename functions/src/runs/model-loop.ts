/**
 * The Claude loop of one run attempt: the agent's prompt as the user message
 * (sent as JSON by the SDK, never through a shell), its server tools, the
 * previous result as context; `pause_turn` continued by sending the assistant
 * content back unchanged; client `tool_use` answered (agents have no client
 * tools); stopped at the per-run output ceiling and by the attempt's AbortSignal.
 * No temperature, no forced tool_choice, no prefill: current models refuse them.
 */

import type { ToolName } from '@agent-platform/core/agent';
import { NonRetriableError } from '@agent-platform/core/errors';
import type { RunEventInput } from '@agent-platform/core/runs';
import type Anthropic from '@anthropic-ai/sdk';
import { codeExecutionFileIds } from '../artifacts/code-execution-files';
import { addUsage, type TokenUsage, usageFromApi } from '../model/usage';
import { describeToolBlock, serverTools } from './tools';

/** Model calls one attempt may make (pause_turn continuations and tool rounds). */
export const MAX_MODEL_CALLS = 12;
/** Characters of the previous result given as context. */
export const PREVIOUS_RESULT_MAX_CHARS = 20_000;

export interface RunRequest {
  model: string;
  prompt: string;
  tools: readonly ToolName[];
  /** IANA zone the agent thinks in (its schedule's, else UTC). */
  timezone: string;
  now: Date;
  previousResult: string | null;
  maxOutputTokens: number;
  signal: AbortSignal;
}

/** What the attempt has used so far; kept up to date even when the attempt throws. */
export interface RunMeter {
  usage: TokenUsage;
  calls: number;
  /** Files API ids of files the code-execution tool made, when the caller keeps them. */
  fileIds?: string[];
}

export interface RunOutcome {
  result: string;
  /** True when the output ceiling (or the context window) cut the answer short. */
  truncated: boolean;
}

/** Appends a line to the run's log. */
export type Progress = (event: RunEventInput) => void;

/** The system prompt: the date and zone, the output format, the previous result. */
export function systemPrompt(req: Pick<RunRequest, 'now' | 'timezone' | 'previousResult'>): string {
  const local = new Intl.DateTimeFormat('en-US', {
    timeZone: req.timezone,
    dateStyle: 'full',
    timeStyle: 'long',
  }).format(req.now);
  const lines = [
    "You are an agent that the Agent Platform runs on its user's behalf, unattended. The user message is your task.",
    `The current date and time is ${local} (time zone ${req.timezone}; ${req.now.toISOString()} UTC).`,
    "Write your final answer as Markdown: it is shown to the user as this run's result. Do not ask questions; no one will answer them.",
  ];
  if (req.previousResult) {
    const previous =
      req.previousResult.length > PREVIOUS_RESULT_MAX_CHARS
        ? `${req.previousResult.slice(0, PREVIOUS_RESULT_MAX_CHARS)}\n…(cut)`
        : req.previousResult;
    lines.push(
      'The result of your previous run follows, for context: say what changed since then when that is useful.',
      `<previous_result>\n${previous}\n</previous_result>`,
    );
  }
  return lines.join('\n');
}

/** Runs the loop; throws whatever the SDK throws (map with `toModelError`) or a refusal. */
export async function runModel(
  client: Anthropic,
  req: RunRequest,
  meter: RunMeter,
  progress: Progress,
): Promise<RunOutcome> {
  const system = systemPrompt(req);
  const tools = serverTools(req.tools);
  const messages: Anthropic.Messages.MessageParam[] = [{ role: 'user', content: req.prompt }];
  // The assistant turn being built; pause_turn continuations add to it.
  let turn: Anthropic.Messages.ContentBlock[] = [];
  let truncated = false;

  while (true) {
    const remaining = req.maxOutputTokens - meter.usage.output;
    if (remaining <= 0 || meter.calls >= MAX_MODEL_CALLS) {
      truncated = true;
      break;
    }
    const stream = client.messages.stream(
      { model: req.model, max_tokens: remaining, system, messages, ...(tools.length ? { tools } : {}) },
      { signal: req.signal },
    );
    stream.on('contentBlock', (block) => {
      const line = describeToolBlock(block as unknown as { type: string });
      if (line) progress(line);
      meter.fileIds?.push(...codeExecutionFileIds(block as unknown as { type: string }));
    });
    const message = await stream.finalMessage();
    meter.calls++;
    meter.usage = addUsage(meter.usage, usageFromApi(message.usage));
    turn = [...turn, ...message.content];

    const stop = message.stop_reason;
    if (stop === 'pause_turn') {
      progress({ code: 'model_continuing' });
      // The paused assistant content goes back unchanged, as the last message.
      if (messages[messages.length - 1]?.role === 'assistant') messages.pop();
      messages.push({ role: 'assistant', content: turn as Anthropic.Messages.ContentBlockParam[] });
      continue;
    }
    if (stop === 'tool_use') {
      const calls = message.content.filter((b): b is Anthropic.Messages.ToolUseBlock => b.type === 'tool_use');
      if (messages[messages.length - 1]?.role === 'assistant') messages.pop();
      messages.push({ role: 'assistant', content: turn as Anthropic.Messages.ContentBlockParam[] });
      messages.push({
        role: 'user',
        content: calls.map((c) => ({
          type: 'tool_result' as const,
          tool_use_id: c.id,
          is_error: true,
          content: `The tool "${c.name}" is not available to this agent. Continue without it.`,
        })),
      });
      turn = [];
      continue;
    }
    if (stop === 'refusal') {
      throw new NonRetriableError(
        "Claude declined to carry out this prompt (a safety refusal). Change the agent's prompt and run it again.",
      );
    }
    if (stop === 'max_tokens' || stop === 'model_context_window_exceeded') truncated = true;
    break;
  }

  const result = turn
    .filter((b): b is Anthropic.Messages.TextBlock => b.type === 'text')
    .map((b) => b.text)
    .join('')
    .trim();
  return { result, truncated };
}
