/**
 * The Claude loop of one run attempt: the agent's prompt as the user message
 * (sent as JSON by the SDK, never through a shell), its server tools, the
 * previous result as context; `pause_turn` continued by sending the assistant
 * content back unchanged; client `tool_use` answered (agents have no client
 * tools); stopped at the per-run output ceiling and by the attempt's AbortSignal.
 * Before each call its request goes to `beforeCall` (the budget hold, which
 * may refuse it); a call that could pass the run's input ceiling is not made.
 * The growing turn carries a cache breakpoint, so each call re-reads the turn
 * so far at the cache price.
 * No temperature, no forced tool_choice, no prefill: current models refuse them.
 */

import type { ToolName } from '@agent-platform/core/agent';
import { NonRetriableError } from '@agent-platform/core/errors';
import type { RunEventInput } from '@agent-platform/core/runs';
import { dateTimeFormat } from '@agent-platform/core/schedule';
import type Anthropic from '@anthropic-ai/sdk';
import { codeExecutionFileIds } from '../artifacts/file-ids';
import { addUsage, type TokenUsage, usageFromApi } from '../model/usage';
import { billsContainerTime } from '../money/worst-case';
import { describeToolBlock, serverTools } from './tools';

/** Model calls one attempt may make (pause_turn continuations and tool rounds). */
export const MAX_MODEL_CALLS = 12;
/** Characters of the previous result given as context. */
export const PREVIOUS_RESULT_MAX_CHARS = 20_000;
/** Output tokens one call may write: with the run's ceiling, what bounds a call's worst case. */
export const CALL_MAX_OUTPUT_TOKENS = 8_000;

/** What one attempt of a run is asked to do, whichever engine runs it. */
export interface AttemptTask {
  model: string;
  prompt: string;
  tools: readonly ToolName[];
  /** IANA zone the agent thinks in (its schedule's, else UTC). */
  timezone: string;
  now: Date;
  previousResult: string | null;
}

export interface RunRequest extends AttemptTask {
  maxOutputTokens: number;
  /** Input tokens the attempt may send over all its calls (`RUN_MAX_INPUT_TOKENS`). */
  maxInputTokens: number;
  signal: AbortSignal;
  /**
   * Called before each model call after the first (which the claim held) with the
   * request about to be sent; throws to stop the run (a budget refusal).
   */
  beforeCall?: (call: ModelCall) => Promise<void>;
  /** The input tokens `call` may read at most (money/worst-case.ts), for the run's input ceiling. */
  inputCeiling: (call: ModelCall) => number;
}

/** One Messages API request of the loop, as sent. */
export interface ModelCall {
  index: number;
  params: {
    model: string;
    max_tokens: number;
    system: string;
    messages: Anthropic.Messages.MessageParam[];
    tools?: Anthropic.Messages.ToolUnion[];
  };
}

type FirstCallInput = Pick<
  RunRequest,
  'model' | 'prompt' | 'tools' | 'now' | 'timezone' | 'previousResult' | 'maxOutputTokens'
>;

/** The first call of a run: what the claim holds before the run starts. */
export function firstCall(req: FirstCallInput): ModelCall {
  const tools = serverTools(req.tools);
  return {
    index: 0,
    params: {
      model: req.model,
      max_tokens: Math.min(req.maxOutputTokens, CALL_MAX_OUTPUT_TOKENS),
      system: systemPrompt(req),
      messages: [{ role: 'user', content: req.prompt }],
      ...(tools.length ? { tools } : {}),
    },
  };
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
  /** True when the run's input ceiling stopped it before its next call (logged already). */
  cutAtInput?: boolean;
}

/** Appends a line to the run's log. */
export type Progress = (event: RunEventInput) => void;

/** The system prompt: the date and zone, the output format, the previous result. */
export function systemPrompt(req: Pick<AttemptTask, 'now' | 'timezone' | 'previousResult'>): string {
  const local = dateTimeFormat('en-US', {
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
  const first = firstCall(req);
  const { system, tools } = first.params;
  const messages = first.params.messages;
  let inputSent = 0;
  // The assistant turn being built; pause_turn continuations add to it.
  let turn: Anthropic.Messages.ContentBlock[] = [];
  let truncated = false;
  let cutAtInput = false;

  while (true) {
    const remaining = req.maxOutputTokens - meter.usage.output;
    if (remaining <= 0 || meter.calls >= MAX_MODEL_CALLS) {
      truncated = true;
      break;
    }
    const call: ModelCall = {
      index: meter.calls,
      params: {
        model: req.model,
        max_tokens: Math.min(remaining, CALL_MAX_OUTPUT_TOKENS),
        system,
        messages: meter.calls === 0 ? messages : withCacheBreakpoint(messages),
        ...(tools ? { tools } : {}),
      },
    };
    if (inputSent + req.inputCeiling(call) > req.maxInputTokens) {
      progress({ code: 'input_ceiling', params: { limit: req.maxInputTokens } });
      cutAtInput = true;
      break;
    }
    if (call.index > 0) await req.beforeCall?.(call);
    const started = Date.now();
    const stream = client.messages.stream(call.params, { signal: req.signal });
    stream.on('contentBlock', (block) => {
      const line = describeToolBlock(block as unknown as { type: string });
      if (line) progress(line);
      meter.fileIds?.push(...codeExecutionFileIds(block as unknown as { type: string }));
    });
    const message = await stream.finalMessage();
    meter.calls++;
    const used = usageFromApi(message.usage);
    inputSent += used.input + used.cacheRead + used.cacheWrite;
    if (billsContainerTime(req.tools) && message.content.some(isCodeExecution)) {
      used.codeExecutionSeconds = (Date.now() - started) / 1000;
    }
    meter.usage = addUsage(meter.usage, used);
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
      throw new NonRetriableError({
        en: "Claude declined to carry out this prompt (a safety refusal). Change the agent's prompt and run it again.",
        ko: 'Claude가 이 프롬프트의 실행을 거절했습니다(안전상의 거절). 에이전트의 프롬프트를 바꾼 뒤 다시 실행하세요.',
      });
    }
    if (stop === 'max_tokens' || stop === 'model_context_window_exceeded') truncated = true;
    break;
  }

  const result = turn
    .filter((b): b is Anthropic.Messages.TextBlock => b.type === 'text')
    .map((b) => b.text)
    .join('')
    .trim();
  return { result, truncated, cutAtInput };
}

/**
 * The messages with a cache breakpoint on the last block of the last user
 * message (a tool loop's results; the prompt while a paused turn goes on), so
 * the next call reads everything up to it from the cache
 * (https://platform.claude.com/docs/en/build-with-claude/prompt-caching). The
 * assistant content a paused turn sends back stays exactly as it came. A copy:
 * the breakpoint moves as the turn grows, and one is ever set.
 */
export function withCacheBreakpoint(messages: Anthropic.Messages.MessageParam[]): Anthropic.Messages.MessageParam[] {
  const at = messages.findLastIndex((m) => m.role === 'user');
  const target = messages[at];
  if (!target) return messages;
  const blocks: Anthropic.Messages.ContentBlockParam[] =
    typeof target.content === 'string' ? [{ type: 'text', text: target.content }] : [...target.content];
  const end = blocks[blocks.length - 1];
  if (!end || end.type === 'thinking' || end.type === 'redacted_thinking') return messages;
  blocks[blocks.length - 1] = { ...end, cache_control: { type: 'ephemeral' } } as Anthropic.Messages.ContentBlockParam;
  const copy = [...messages];
  copy[at] = { ...target, content: blocks } as Anthropic.Messages.MessageParam;
  return copy;
}

/** A block of Claude's code execution tool (its calls and their results). */
function isCodeExecution(block: { type: string; name?: string }): boolean {
  if (block.type === 'server_tool_use') return Boolean(block.name?.includes('code_execution'));
  return block.type.includes('code_execution');
}
