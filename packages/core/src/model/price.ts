/**
 * What model usage costs in dollars: the one formula the functions charge with
 * (functions/src/model/usage.ts) and the designer and web estimate with
 * (chat/cost-estimate.ts). Browser-safe.
 */
import type { TokenUsage } from './usage';

/** Prices as config/models.json gives them: USD per million tokens, per 1,000 searches, per container hour. */
export interface UsagePrices {
  defaultModel: string;
  webSearchPer1k: number;
  codeExecutionPerHour: number;
  models: Record<string, { input: number; output: number; cacheWrite: number; cacheRead: number }>;
}

/** Cost in USD of `usage` on `model`, to the millionth; an unknown model is priced as the default one. */
export function priceUsage(prices: UsagePrices, model: string, usage: TokenUsage): number {
  const price = prices.models[model] ?? prices.models[prices.defaultModel];
  if (!price) return 0;
  const perToken = (perMillion: number) => perMillion / 1_000_000;
  const dollars =
    usage.input * perToken(price.input) +
    usage.output * perToken(price.output) +
    usage.cacheRead * perToken(price.cacheRead) +
    usage.cacheWrite * perToken(price.cacheWrite) +
    (usage.webSearches * prices.webSearchPer1k) / 1000 +
    (usage.codeExecutionSeconds / 3600) * prices.codeExecutionPerHour;
  // Sums of many increments carry float noise (0.015366000000000001): kept to the millionth.
  return Math.round(dollars * 1e6) / 1e6;
}
