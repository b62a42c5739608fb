/**
 * The one place model usage becomes tokens and money, from the per-model price
 * table in config/models.json (USD per million tokens).
 */
import { priceUsage, type TokenUsage, ZERO_USAGE } from '@agent-platform/core/model';
import type { Config } from '../shared/config';

export { addUsage, type TokenUsage, ZERO_USAGE } from '@agent-platform/core/model';

/** The SDK's `usage` object as our counts (missing fields count as 0). */
export function usageFromApi(usage: unknown): TokenUsage {
  const u = (usage ?? {}) as Record<string, unknown>;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const serverTools = (u.server_tool_use ?? {}) as Record<string, unknown>;
  return {
    ...ZERO_USAGE,
    input: num(u.input_tokens),
    output: num(u.output_tokens),
    cacheRead: num(u.cache_read_input_tokens),
    cacheWrite: num(u.cache_creation_input_tokens),
    webSearches: num(serverTools.web_search_requests),
  };
}

/** Tokens that count toward the monthly budget: everything read or written by the model. */
export function budgetTokens(u: TokenUsage): number {
  return u.input + u.output + u.cacheRead + u.cacheWrite;
}

/**
 * Dollars as shown to people and API clients: to the millionth. Sums of many
 * increments carry float noise (0.015366000000000001); stored totals keep it,
 * answers do not.
 */
export function roundUsd(usd: number): number {
  return Math.round(usd * 1e6) / 1e6;
}

/** Cost in USD of `usage` on `model`; an unknown model is priced as the default one. */
export function costUsd(models: Config['models'], model: string, usage: TokenUsage): number {
  return priceUsage(models, model, usage);
}
