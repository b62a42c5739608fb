/**
 * What an agent will likely cost, per run and per month, in money: from the
 * configured prices and the tokens a run of its kind uses, or, once a test run
 * of the same draft has finished, from that run's real usage.
 */
import type { AgentSpec, Schedule } from '@agent-platform/core/agent';
import type { CostEstimate } from '@agent-platform/core/chat';
import { nextRuns } from '@agent-platform/core/schedule';
import { costUsd, type TokenUsage, ZERO_USAGE } from '../model/usage';
import type { Config } from '../shared/config';
import { approxTokens } from './tokens';

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
  input: 20_000,
  output: 6_000,
  cacheRead: 150_000,
  cacheWrite: 25_000,
  webSearches: 0,
};

const DAYS_PER_MONTH = 365.25 / 12;

/** The likely cost of a draft; `testRun` is the real usage of a finished test run of it. */
export function estimateCost(
  config: Config,
  draft: Pick<AgentSpec, 'finalAgentPrompt' | 'tools' | 'model' | 'schedule' | 'engine'>,
  now: Date,
  testRun?: { usage: TokenUsage; costUsd: number },
): CostEstimate {
  const model = draft.model || config.models.defaultModel;
  let usage: TokenUsage;
  let perRun: number;
  if (testRun) {
    usage = testRun.usage;
    perRun = testRun.costUsd || costUsd(config.models, model, usage);
  } else if (draft.engine === 'workspace') {
    usage = { ...WORKSPACE_RUN, input: WORKSPACE_RUN.input + approxTokens(draft.finalAgentPrompt) };
    perRun = costUsd(config.models, model, usage);
  } else {
    usage = { ...ZERO_USAGE, input: RUN_BASE.input + approxTokens(draft.finalAgentPrompt), output: RUN_BASE.output };
    for (const tool of draft.tools) {
      const extra = PER_TOOL[tool] ?? {};
      usage.input += extra.input ?? 0;
      usage.output += extra.output ?? 0;
      usage.webSearches += extra.webSearches ?? 0;
    }
    perRun = costUsd(config.models, model, usage);
  }
  const runs = draft.schedule ? runsPerMonth(draft.schedule, now) : null;
  return {
    basis: testRun ? 'test_run' : 'estimate',
    model,
    modelLabel: config.models.models[model]?.label ?? model,
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

function round(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}

/** `$0.05`, `<$0.01`, `$12.40`: money as a person reads it. */
export function formatUsd(usd: number): string {
  if (usd > 0 && usd < 0.01) return '<$0.01';
  return `$${usd.toFixed(2)}`;
}
