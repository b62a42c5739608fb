/**
 * What an agent will likely cost, per run and per month, in money: from the
 * prices in config/models.json (passed in) and the tokens a run of its kind
 * uses, or, once a test run of the same draft has finished, from that run's
 * real usage. Browser-safe: the designer (functions) and the schedule editor
 * (web) compute the same number.
 */
import type { AgentSpec, Schedule } from '../agent/schema';
import { priceUsage, type UsagePrices } from '../model/price';
import { type TokenUsage, ZERO_USAGE } from '../model/usage';
import { nextRuns } from '../schedule/next-run';
import { approxTokens } from './tokens';
import type { CostEstimate } from './types';

/**
 * The price table of config/models.json: USD per million tokens, per 1,000 web
 * searches, and per container hour of code execution (billed for at least
 * `codeExecutionMinSeconds` when a request has no web tool).
 */
export interface ModelPrices extends UsagePrices {
  codeExecutionMinSeconds: number;
  models: Record<string, { label: string; input: number; output: number; cacheWrite: number; cacheRead: number }>;
}

/**
 * Typical usage of one run, by tool (measured shapes of runs, rounded): each web
 * search brings its result pages into the context, a fetch a whole page.
 */
const RUN_BASE = { input: 1_500, output: 1_200 };
const PER_TOOL: Record<string, Partial<TokenUsage>> = {
  web_search: { input: 12_000, output: 300, webSearches: 3 },
  web_fetch: { input: 10_000, output: 200 },
  code_execution: { input: 3_000, output: 600 },
};

/**
 * A workspace run (Claude Code): its own system prompt and tools (~15k tokens) go
 * with each of ~10 turns, mostly from the prompt cache, and it writes code as well as the answer.
 */
const WORKSPACE_RUN: TokenUsage = {
  ...ZERO_USAGE,
  input: 20_000,
  output: 6_000,
  cacheRead: 150_000,
  cacheWrite: 25_000,
};

const DAYS_PER_MONTH = 365.25 / 12;

/** What the estimate reads of a draft or an agent. */
export type EstimatedSpec = Pick<AgentSpec, 'finalAgentPrompt' | 'tools' | 'model' | 'schedule' | 'engine'>;

/** The likely cost of a draft; `testRun` is the real usage of a finished test run of it. */
export function estimateCost(
  prices: ModelPrices,
  draft: EstimatedSpec,
  now: Date,
  testRun?: { usage: TokenUsage; costUsd: number },
): CostEstimate {
  const model = draft.model || prices.defaultModel;
  let usage: TokenUsage;
  let perRun: number;
  if (testRun) {
    usage = testRun.usage;
    perRun = testRun.costUsd || priceUsage(prices, model, usage);
  } else if (draft.engine === 'workspace') {
    usage = { ...WORKSPACE_RUN, input: WORKSPACE_RUN.input + approxTokens(draft.finalAgentPrompt) };
    perRun = priceUsage(prices, model, usage);
  } else {
    usage = { ...ZERO_USAGE, input: RUN_BASE.input + approxTokens(draft.finalAgentPrompt), output: RUN_BASE.output };
    for (const tool of draft.tools) {
      const extra = PER_TOOL[tool] ?? {};
      usage.input += extra.input ?? 0;
      usage.output += extra.output ?? 0;
      usage.webSearches += extra.webSearches ?? 0;
    }
    // Code execution is billed by container time only when the request carries no web tool.
    const webTool = draft.tools.some((tool) => tool === 'web_search' || tool === 'web_fetch');
    if (draft.tools.includes('code_execution') && !webTool) usage.codeExecutionSeconds = prices.codeExecutionMinSeconds;
    perRun = priceUsage(prices, model, usage);
  }
  const runs = draft.schedule ? runsPerMonth(draft.schedule, now) : null;
  return {
    basis: testRun ? 'test_run' : 'estimate',
    model,
    modelLabel: prices.models[model]?.label ?? model,
    tokensPerRun: { input: usage.input + usage.cacheRead + usage.cacheWrite, output: usage.output },
    perRunUsd: round(perRun),
    runsPerMonth: runs === null ? null : Math.round(runs * 10) / 10,
    perMonthUsd: runs === null ? null : round(perRun * runs),
  };
}

/** How many times a schedule runs in an average month. */
export function runsPerMonth(schedule: Schedule, now: Date): number {
  switch (schedule.frequency) {
    case 'hourly':
      return 24 * DAYS_PER_MONTH;
    case 'daily':
      return DAYS_PER_MONTH;
    case 'weekly':
      return ((schedule.daysOfWeek?.length ?? 1) * DAYS_PER_MONTH) / 7;
    case 'monthly':
      return 1;
    case 'cron': {
      // Sample the next runs: enough to see the pattern, few enough to stay fast at every-minute.
      const sample = nextRuns(schedule, now, 500);
      const last = sample[sample.length - 1];
      if (!last) return 0;
      const spanDays = (last.getTime() - now.getTime()) / 86_400_000;
      if (sample.length < 500 && spanDays < 365) return (sample.length * DAYS_PER_MONTH) / 365;
      return (sample.length * DAYS_PER_MONTH) / Math.max(spanDays, 1 / 1440);
    }
  }
}

/**
 * The share of a monthly budget above which a schedule deserves a warning: one
 * agent using more than a fifth of it leaves little for anything else.
 */
export const BUDGET_WARNING_SHARE = 0.2;

/** True when a monthly cost would use more than a fifth of `budgetUsd` (no warning without a budget). */
export function exceedsBudgetShare(perMonthUsd: number | null, budgetUsd: number | null | undefined): boolean {
  if (perMonthUsd == null || !budgetUsd || budgetUsd <= 0) return false;
  return perMonthUsd > budgetUsd * BUDGET_WARNING_SHARE;
}

function round(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}
