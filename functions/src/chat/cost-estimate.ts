/**
 * What an agent will likely cost: the shared estimate (packages/core, so the web
 * app's schedule editor shows the same number) at this deployment's prices.
 */

import type { CostEstimate } from '@agent-platform/core/chat';
import { type EstimatedSpec, estimateCost as estimateAt } from '@agent-platform/core/chat';
import type { TokenUsage } from '../model/usage';
import type { Config } from '../shared/config';

export { runsPerMonth } from '@agent-platform/core/chat';

/** The likely cost of a draft; `testRun` is the real usage of a finished test run of it. */
export function estimateCost(
  config: Config,
  draft: EstimatedSpec,
  now: Date,
  testRun?: { usage: TokenUsage; costUsd: number },
): CostEstimate {
  return estimateAt(config.models, draft, now, testRun);
}

/** `$0.05`, `<$0.01`, `$12.40`: money as a person reads it. */
export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.01) return '<$0.01';
  return `$${usd.toFixed(2)}`;
}
