/**
 * The month's spend: `GET /api/usage` read into one complete shape (docs/api.md,
 * "Usage"), and runs' tokens and cost added up per agent (the dashboard's cards).
 */
import type { Execution, MonthUsage } from './types';

/** Why an agent's runs are stopped: its own budget, the person's, or the whole platform's. */
export type BlockedBy = 'agent_budget' | 'user_budget' | 'platform_budget';

/** One agent's spend this month; a deleted agent keeps its name. */
export interface AgentSpend {
  agentId: string;
  name: string;
  deleted: boolean;
  costUsd: number;
  tokens: number;
  runs: number;
}

/** `GET /api/usage`: this month's (UTC) spend in dollars, where it went, and the budgets left. */
export interface Usage {
  month: string;
  tokens: { input: number; output: number; total: number };
  costUsd: number;
  budget: {
    usd: number;
    remainingUsd: number;
    /** Held for model calls still going; settled when they end. */
    reservedUsd: number;
    kind: 'user' | 'guest';
    /** The optional extra limit in tokens, or null. */
    tokens: number | null;
    remaining: number | null;
  };
  /** The budget of all users together, when the deployment sets one. */
  platform: { usd: number; remainingUsd: number } | null;
  byAgent: AgentSpend[];
  /** Designer chat, including test runs of drafts. */
  designer: { costUsd: number; tokens: number; turns: number };
  /** Every day of the month so far, oldest first. */
  daily: { date: string; costUsd: number }[];
  resetsAt: string;
}

type Json = Record<string, unknown>;
const num = (v: unknown, fallback = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const numOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);

/**
 * Reads the answer of `GET /api/usage`. A field an older server leaves out reads
 * as nothing spent there, so the page never breaks on a partial answer.
 */
export function readUsage(body: unknown): Usage {
  const b = obj(body);
  const tokens = obj(b.tokens);
  const budget = obj(b.budget);
  const platform = b.platform ? obj(b.platform) : null;
  const designer = obj(b.designer);
  return {
    month: String(b.month ?? ''),
    tokens: { input: num(tokens.input), output: num(tokens.output), total: num(tokens.total) },
    costUsd: num(b.costUsd),
    budget: {
      usd: num(budget.usd),
      remainingUsd: num(budget.remainingUsd),
      reservedUsd: num(budget.reservedUsd),
      kind: budget.kind === 'guest' ? 'guest' : 'user',
      tokens: numOrNull(budget.tokens),
      remaining: numOrNull(budget.remaining),
    },
    platform: platform && { usd: num(platform.usd), remainingUsd: num(platform.remainingUsd) },
    byAgent: list(b.byAgent).map((r) => ({
      agentId: String(r.agentId ?? ''),
      name: String(r.name ?? r.agentId ?? ''),
      deleted: r.deleted === true,
      costUsd: num(r.costUsd),
      tokens: num(r.tokens),
      runs: num(r.runs),
    })),
    designer: { costUsd: num(designer.costUsd), tokens: num(designer.tokens), turns: num(designer.turns) },
    daily: list(b.daily).map((d) => ({ date: String(d.date ?? ''), costUsd: num(d.costUsd) })),
    resetsAt: String(b.resetsAt ?? ''),
  };
}

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
