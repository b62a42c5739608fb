/**
 * The budgets that apply to a model call, and whether its worst case fits all
 * of them: the agent's own (`monthlyBudgetUsd`), the user's (guest or signed-in,
 * in dollars, plus the optional token limit) and the platform's. Spent money
 * plus live holds plus the new worst case must stay within each; the first
 * budget that would be passed refuses the call. Pure: the caller read the documents.
 */
import {
  type BudgetName,
  emptyMonth,
  type Hold,
  type MonthUsage,
  monthKey,
  nextMonthStart,
  type UserDoc,
} from '@agent-platform/core/usage';
import type { Config } from '../shared/config';
import type { PlatformSpend } from '../store/platform';

/** What a transaction read to decide: the user's document, the agent's budget, the platform's spend. */
export interface LedgerView {
  uid: string;
  user: UserDoc | undefined;
  /** The platform's spend, when a platform budget is set. */
  platform: PlatformSpend | undefined;
  now: Date;
}

/** What a call asks to hold. */
export interface HoldAsk {
  /** Who holds it: an execution id, `turn:<message id>`; asking again replaces the holder's earlier hold. */
  holdId: string;
  usd: number;
  tokens: number;
  agent: { id: string; monthlyBudgetUsd: number | null } | null;
  kind: Hold['kind'];
}

export interface Refusal {
  budget: BudgetName | 'token_budget';
  /** The budget's size, what is spent, what live holds keep, and the call's worst case. */
  limit: number;
  spent: number;
  held: number;
  asked: number;
  unit: 'usd' | 'tokens';
  resetsAt: string;
}

/** The month's usage of a user (zeros when none). */
export function monthOf(user: UserDoc | undefined, now: Date): MonthUsage {
  return user?.usage[monthKey(now)] ?? emptyMonth();
}

/**
 * A guest account: Firebase's `anonymous` provider, as the account's last API
 * call said (every API call that can lead to spending records it first:
 * money/request-check.ts).
 */
export function isGuest(user: UserDoc | undefined, provider?: string | null): boolean {
  return (provider ?? user?.provider ?? null) === 'anonymous';
}

/** The user's monthly budget in dollars: an override, else the guest or signed-in default. */
export function userBudgetUsd(user: UserDoc | undefined, config: Config, provider?: string | null): number {
  if (user?.budgetUsd != null) return user.budgetUsd;
  return isGuest(user, provider) ? config.budget.guestUsd : config.budget.userUsd;
}

/** Holds still live at `now`, without the holder's own (which a new ask replaces). */
export function liveHolds(holds: Record<string, Hold>, now: Date, except?: string): [string, Hold][] {
  const at = now.getTime();
  return Object.entries(holds).filter(([id, h]) => id !== except && Date.parse(h.until) > at);
}

const sum = (holds: [string, Hold][], pick: (h: Hold) => number) => holds.reduce((t, [, h]) => t + pick(h), 0);

/** One budget that applies to an ask: its size, what is spent and what other live holds keep. */
interface BudgetLine {
  budget: Refusal['budget'];
  limit: number;
  spent: number;
  held: number;
  unit: Refusal['unit'];
}

/** The budgets that apply to `ask`, in the order they refuse: the agent's, the user's, the token limit, the platform's. */
function budgetLines(view: LedgerView, config: Config, ask: HoldAsk): BudgetLine[] {
  const month = monthOf(view.user, view.now);
  const holds = liveHolds(view.user?.holds ?? {}, view.now, ask.holdId);
  const lines: BudgetLine[] = [];
  if (ask.agent?.monthlyBudgetUsd != null) {
    const agentId = ask.agent.id;
    lines.push({
      budget: 'agent_budget',
      limit: ask.agent.monthlyBudgetUsd,
      spent: month.agents[agentId]?.costUsd ?? 0,
      held: sum(
        holds.filter(([, h]) => h.agentId === agentId),
        (h) => h.usd,
      ),
      unit: 'usd',
    });
  }
  lines.push({
    budget: 'user_budget',
    limit: userBudgetUsd(view.user, config),
    spent: month.costUsd,
    held: sum(holds, (h) => h.usd),
    unit: 'usd',
  });
  const tokenLimit = config.budget.userMonthlyTokens;
  if (tokenLimit !== undefined) {
    lines.push({
      budget: 'token_budget',
      limit: tokenLimit,
      spent: month.input + month.output,
      held: sum(holds, (h) => h.tokens),
      unit: 'tokens',
    });
  }
  if (config.budget.platformUsd !== undefined) {
    const platformHolds = liveHolds(view.platform?.holds ?? {}, view.now, ask.holdId);
    lines.push({
      budget: 'platform_budget',
      limit: config.budget.platformUsd,
      spent: view.platform?.usage[monthKey(view.now)]?.costUsd ?? 0,
      held: sum(platformHolds, (h) => h.usd),
      unit: 'usd',
    });
  }
  return lines;
}

/** The first budget the ask would pass, or null when it fits them all. */
export function refusalFor(view: LedgerView, config: Config, ask: HoldAsk): Refusal | null {
  const resetsAt = nextMonthStart(view.now).toISOString();
  for (const line of budgetLines(view, config, ask)) {
    const asked = line.unit === 'usd' ? ask.usd : ask.tokens;
    if (line.spent + line.held + asked > line.limit + 1e-9) return { ...line, asked, resetsAt };
  }
  return null;
}

/**
 * The most `ask`'s holder could hold now in dollars: the least room left in any
 * dollar budget that applies (never below 0). The token limit is left to refusalFor.
 */
export function roomUsd(view: LedgerView, config: Config, ask: HoldAsk): number {
  const rooms = budgetLines(view, config, ask)
    .filter((line) => line.unit === 'usd')
    .map((line) => line.limit - line.spent - line.held);
  return Math.max(0, Math.min(...rooms));
}

/** Runs of the user under way: live run holds other than `except`'s. */
export function runsUnderWay(user: UserDoc | undefined, now: Date, except: string): number {
  return liveHolds(user?.holds ?? {}, now, except).filter(([, h]) => h.kind === 'run').length;
}
