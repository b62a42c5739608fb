/**
 * A user's own document, `users/{uid}`: spend per calendar month (UTC), the
 * holds on the budget of model calls under way, and an optional budget
 * override. The web app reads it live for the usage page.
 */
import * as z from '../zod';

const zero = () => z._default(z.number(), 0);

// Built on their first parse (z.lazy), not when a function loads (docs/scaling.md, "Cold starts").
/** One agent's spend in a month; the name is kept so a deleted agent still reads by name. */
const AgentMonthSchema = z.lazy(() =>
  z.object({ costUsd: zero(), tokens: zero(), runs: zero(), name: z._default(z.string(), '') }),
);
export type AgentMonth = z.output<typeof AgentMonthSchema>;

/** The agent designer's spend in a month: chat turns and test runs of drafts. */
const DesignerMonthSchema = z.lazy(() => z.object({ costUsd: zero(), tokens: zero(), turns: zero() }));
export type DesignerMonth = z.output<typeof DesignerMonthSchema>;

const MonthUsageSchema = z.lazy(() =>
  z.object({
    /** Tokens read (input and cache) and written, as the budget counts them. */
    input: zero(),
    output: zero(),
    costUsd: zero(),
    /** Per agent id; test runs and chat turns count under `designer`. */
    agents: z._default(z.record(z.string(), AgentMonthSchema), {}),
    designer: z._default(DesignerMonthSchema, { costUsd: 0, tokens: 0, turns: 0 }),
    /** Dollars per day of the month, keyed `01`…`31` (UTC). */
    daily: z._default(z.record(z.string(), z.number()), {}),
  }),
);
export type MonthUsage = z.output<typeof MonthUsageSchema>;

/**
 * A model call's worst case, held against the budgets before the call and
 * settled (replaced by what it really cost) after it. A holder that dies leaves
 * its hold to lapse at `until`.
 */
export const HoldSchema = z.lazy(() =>
  z.object({
    usd: z.number(),
    tokens: zero(),
    /** The agent whose run holds it; null for the designer (chat turns, test runs). */
    agentId: z._default(z.nullable(z.string()), null),
    kind: z.enum(['run', 'turn']),
    until: z.string(),
  }),
);
export type Hold = z.output<typeof HoldSchema>;

/** The converter the store reads `users/{uid}` through. */
export const UserDocSchema = z.lazy(() =>
  z.object({
    userId: z.string(),
    /** Keyed by month, `2026-11`. */
    usage: z._default(z.record(z.string(), MonthUsageSchema), {}),
    /** Holds of calls under way, keyed by who holds them (an execution id, `turn:<message id>`). */
    holds: z._default(z.record(z.string(), HoldSchema), {}),
    /** A per-user monthly budget in dollars that overrides the deployment's default. */
    budgetUsd: z._default(z.nullable(z.number()), null),
    /** Firebase's sign-in provider of the account's last API call: `anonymous` accounts get the guest budget. */
    provider: z._default(z.nullable(z.string()), null),
    createdAt: z._default(z.string(), ''),
    /** Set on a guest whose data was merged into another account: where it went, and when. */
    mergedInto: z.optional(z.string()),
    mergedAt: z.optional(z.string()),
  }),
);
export type UserDoc = z.output<typeof UserDocSchema>;

/** An empty month, as a document that has spent nothing reads. */
export function emptyMonth(): MonthUsage {
  return MonthUsageSchema.parse({});
}

/** The usage month of an instant: `YYYY-MM` in UTC. */
export function monthKey(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** The day of the month of an instant, `01`…`31` (UTC): the key of `daily`. */
export function dayKey(at: Date): string {
  return at.toISOString().slice(8, 10);
}

/** The first instant of the next month (UTC), when a spent budget comes back. */
export function nextMonthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}

/** Which budget refused a model call; agents carry it as `blockedBy`. */
export const BUDGET_NAMES = ['agent_budget', 'user_budget', 'platform_budget'] as const;
export type BudgetName = (typeof BUDGET_NAMES)[number];
