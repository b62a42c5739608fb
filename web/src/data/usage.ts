/**
 * The month's spend: the shapes of `GET /api/usage` (docs/api.md, "Usage"), and
 * runs' tokens and cost added up per agent (the dashboard's cards).
 */
import type { BudgetName, UsageJson } from '@agent-platform/core/usage';
import type { Execution, MonthUsage } from './types';

/** Why an agent's runs are stopped: its own budget, the person's, or the whole platform's. */
export type BlockedBy = BudgetName;

/** `GET /api/usage`: this month's (UTC) spend in dollars, where it went, and the budgets left. */
export type Usage = UsageJson;

/** One agent's spend this month; a deleted agent keeps its name. */
export type AgentSpend = Usage['byAgent'][number];

/** Whole cents, the unit the rows and the total are compared in. */
export const cents = (usd: number) => Math.round(usd * 100);

/** Runs' usage summed per agent id; test runs of unsaved drafts are kept under the key ''. */
type RunUsage = Pick<Execution, 'agentId'> & Partial<Execution>;

export function usageByAgent(executions: readonly RunUsage[]): Map<string, MonthUsage> {
  const out = new Map<string, MonthUsage>();
  for (const e of executions) {
    const key = e.agentId ?? '';
    const u = out.get(key) ?? { input: 0, output: 0, costUsd: 0 };
    u.input += e.tokenUsage?.input ?? 0;
    u.output += e.tokenUsage?.output ?? 0;
    u.costUsd += e.costUsd ?? 0;
    out.set(key, u);
  }
  return out;
}

/** When a spent monthly budget comes back: the first instant of next month, UTC (as the server counts months). */
export function budgetResetsAt(now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
}
