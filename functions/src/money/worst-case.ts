/**
 * The most one model call can cost, before it is made: what is held against the
 * budgets (holds.ts). Output is bounded exactly by `max_tokens`, searches by the
 * web search tool's `max_uses`, fetched pages by web fetch's `max_uses` and
 * `max_content_tokens` (runs/tools.ts). The input a call sends is estimated
 * generously (`inputTokenCeiling`) and priced as a cache write, the dearest way
 * an input token is billed (https://platform.claude.com/docs/en/about-claude/pricing).
 */
import type { ToolName } from '@agent-platform/core/agent';
import { approxTokens } from '../chat/tokens';
import { roundUsd } from '../model/usage';
import type { Config } from '../shared/config';

/** Search results brought into the context, per search (a results page is a few thousand tokens). */
export const SEARCH_RESULT_TOKENS = 4_000;
/** Searches one call may make (the web search tool's `max_uses`). */
export const SEARCHES_PER_CALL = 3;
/** Pages one call may fetch, and the tokens of each (web fetch's `max_uses` and `max_content_tokens`). */
export const FETCHES_PER_CALL = 2;
export const FETCH_CONTENT_TOKENS = 8_000;
/** What code execution's output may add to a call's input. */
export const CODE_OUTPUT_TOKENS = 4_000;
/** Code execution without a web tool bills container time: an hour at most per call, as the run timeout allows less. */
const CODE_CONTAINER_SECONDS_CEILING = 3_600;

export interface CallShape {
  model: string;
  /** Input tokens the request itself sends (system, tools, messages): see `inputTokenCeiling`. */
  sentTokens: number;
  maxOutputTokens: number;
  tools: readonly ToolName[];
  /** The longest the call may take: container time when code execution bills it. */
  maxSeconds?: number;
}

export interface WorstCase {
  usd: number;
  /** Tokens read and written, as a token budget counts them. */
  tokens: number;
  /** Input tokens the call may read: sent plus what its server tools may bring in. */
  inputTokens: number;
}

/** The tokens server tools may add to one call's input. */
export function toolInputTokens(tools: readonly ToolName[]): number {
  let tokens = 0;
  if (tools.includes('web_search')) tokens += SEARCHES_PER_CALL * SEARCH_RESULT_TOKENS;
  if (tools.includes('web_fetch')) tokens += FETCHES_PER_CALL * FETCH_CONTENT_TOKENS;
  if (tools.includes('code_execution')) tokens += CODE_OUTPUT_TOKENS;
  return tokens;
}

/** The worst case of one call of `shape`, in dollars and tokens. */
export function callWorstCase(models: Config['models'], shape: CallShape): WorstCase {
  const price = models.models[shape.model] ?? models.models[models.defaultModel];
  const inputTokens = shape.sentTokens + toolInputTokens(shape.tools);
  if (!price) return { usd: 0, tokens: inputTokens + shape.maxOutputTokens, inputTokens };
  const perInput = Math.max(price.input, price.cacheWrite) / 1_000_000;
  let usd = inputTokens * perInput + (shape.maxOutputTokens * price.output) / 1_000_000;
  if (shape.tools.includes('web_search')) usd += (SEARCHES_PER_CALL * models.webSearchPer1k) / 1000;
  if (billsContainerTime(shape.tools)) {
    const seconds = Math.min(shape.maxSeconds ?? CODE_CONTAINER_SECONDS_CEILING, CODE_CONTAINER_SECONDS_CEILING);
    usd += (Math.max(seconds, models.codeExecutionMinSeconds) / 3600) * models.codeExecutionPerHour;
  }
  return { usd: roundUp(usd), tokens: inputTokens + shape.maxOutputTokens, inputTokens };
}

/**
 * Code execution is free of container charges when a web tool of the 2026-02
 * generation is in the same request (runs/tools.ts); alone, it bills time.
 */
export function billsContainerTime(tools: readonly ToolName[]): boolean {
  return tools.includes('code_execution') && !tools.includes('web_search') && !tools.includes('web_fetch');
}

/**
 * A generous count of the tokens a request sends: the character-class estimate
 * (chat/tokens.ts) of its JSON, plus a fifth. The model's own count is known
 * only after the call, when the hold is settled with it.
 */
export function inputTokenCeiling(parts: readonly unknown[]): number {
  let tokens = 0;
  for (const part of parts) tokens += approxTokens(typeof part === 'string' ? part : JSON.stringify(part ?? null));
  return Math.ceil(tokens * 1.2) + 16;
}

/** Up to the next millionth of a dollar, so a hold never rounds below its worst case. */
function roundUp(usd: number): number {
  const rounded = roundUsd(usd);
  return rounded < usd ? rounded + 1e-6 : rounded;
}
