/**
 * `GET /api/usage`: this month's spend and the budgets left, with a row per
 * agent (deleted ones by the name they had), one for the designer, and the
 * month's days for the chart. The rows add up to the total: every charge adds
 * to the total and to exactly one row in the same write (money/ledger.ts).
 */
import { monthKey, nextMonthStart, type UsageJson } from '@agent-platform/core/usage';
import { roundUsd } from '../model/usage';
import { isGuest, liveHolds, monthOf, userBudgetUsd } from '../money/budgets';
import type { Adapters } from '../shared/factory';
import { listAgentsOfUser } from '../store/agents';
import { PLATFORM_SPEND_ID, platform } from '../store/platform';
import { users } from '../store/users';

export async function getUsage(
  deps: Pick<Adapters, 'store' | 'config' | 'now'>,
  uid: string,
  provider?: string,
): Promise<UsageJson> {
  const now = deps.now();
  const [user, owned] = await Promise.all([users.get(deps.store, uid), listAgentsOfUser(deps.store, uid)]);
  const month = monthOf(user?.data, now);
  const holds = liveHolds(user?.data.holds ?? {}, now);
  const reserved = holds.reduce((t, [, h]) => t + h.usd, 0);
  const reservedTokens = holds.reduce((t, [, h]) => t + h.tokens, 0);
  const budgetUsd = userBudgetUsd(user?.data, deps.config, provider);
  const tokenLimit = deps.config.budget.userMonthlyTokens ?? null;
  const names = new Map(owned.map((a) => [a.id, a.data.name]));
  const byAgent = Object.entries(month.agents)
    .map(([agentId, a]) => ({
      agentId,
      name: names.get(agentId) ?? a.name,
      deleted: !names.has(agentId),
      costUsd: roundUsd(a.costUsd),
      tokens: a.tokens,
      runs: a.runs,
    }))
    .sort((x, y) => y.costUsd - x.costUsd || x.name.localeCompare(y.name));
  return {
    month: monthKey(now),
    tokens: { input: month.input, output: month.output, total: month.input + month.output },
    costUsd: roundUsd(month.costUsd),
    budget: {
      usd: budgetUsd,
      remainingUsd: roundUsd(Math.max(0, budgetUsd - month.costUsd - reserved)),
      reservedUsd: roundUsd(reserved),
      kind: isGuest(user?.data, provider) ? 'guest' : 'user',
      tokens: tokenLimit,
      remaining: tokenLimit === null ? null : Math.max(0, tokenLimit - month.input - month.output - reservedTokens),
    },
    platform: await platformUsage(deps, now),
    byAgent,
    designer: {
      costUsd: roundUsd(month.designer.costUsd),
      tokens: month.designer.tokens,
      turns: month.designer.turns,
    },
    daily: daysSoFar(now).map((day) => ({
      date: `${monthKey(now)}-${day}`,
      costUsd: roundUsd(month.daily[day] ?? 0),
    })),
    resetsAt: nextMonthStart(now).toISOString(),
  };
}

async function platformUsage(deps: Pick<Adapters, 'store' | 'config'>, now: Date): Promise<UsageJson['platform']> {
  const usd = deps.config.budget.platformUsd;
  if (usd === undefined) return null;
  const doc = await platform.get(deps.store, PLATFORM_SPEND_ID);
  const spent = doc?.data.usage[monthKey(now)]?.costUsd ?? 0;
  const held = liveHolds(doc?.data.holds ?? {}, now).reduce((t, [, h]) => t + h.usd, 0);
  return { usd, remainingUsd: roundUsd(Math.max(0, usd - spent - held)) };
}

/** `01` … today's day of the month (UTC). */
function daysSoFar(now: Date): string[] {
  return Array.from({ length: now.getUTCDate() }, (_, i) => String(i + 1).padStart(2, '0'));
}
