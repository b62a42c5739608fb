/**
 * A call that does not fit a budget, as the error people and API clients read:
 * which budget, what is spent and held, and when it comes back, in English and
 * Korean (429 `resource_exhausted`; a scheduled run fails with the same text).
 */
import { ResourceExhaustedError } from '@agent-platform/core/errors';
import type { BudgetName } from '@agent-platform/core/usage';
import type { Refusal } from './budgets';

export class BudgetRefusedError extends ResourceExhaustedError {
  constructor(readonly refusal: Refusal) {
    super(refusalText(refusal, 'en'), undefined, { ko: refusalText(refusal, 'ko'), reason: refusal.budget });
  }

  /** The budget an agent is blocked by (the token limit is part of the user's budget). */
  get blockedBy(): BudgetName {
    return this.refusal.budget === 'token_budget' ? 'user_budget' : this.refusal.budget;
  }
}

const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;
const tokens = (n: number) => n.toLocaleString('en-US');

/** The refusal's text in `locale`. */
export function refusalText(r: Refusal, locale: 'en' | 'ko'): string {
  const amount = r.unit === 'usd' ? usd : tokens;
  const resets = r.resetsAt.slice(0, 10);
  const used = amount(r.spent + r.held);
  const limit = r.unit === 'usd' ? `$${r.limit.toFixed(2)}` : `${tokens(r.limit)} tokens`;
  const next = amount(r.asked);
  if (locale === 'ko') {
    const which = {
      agent_budget: '이 에이전트의 월 예산',
      user_budget: '이번 달 예산',
      token_budget: '이번 달 토큰 한도',
      platform_budget: '플랫폼 전체의 이번 달 예산',
    }[r.budget];
    const limitKo = r.unit === 'usd' ? `$${r.limit.toFixed(2)}` : `${tokens(r.limit)} 토큰`;
    return (
      `${which}(${limitKo})이 부족합니다: 사용 중 ${used}, 다음 단계에 최대 ${next}이 들 수 있습니다. ` +
      `${resets}에 다시 채워지며, 그 전에는 예산을 올리면 실행됩니다. 에이전트와 일정은 그대로 유지됩니다.`
    );
  }
  const which = {
    agent_budget: "This agent's monthly budget",
    user_budget: "This month's budget",
    token_budget: "This month's token limit",
    platform_budget: "The platform's monthly budget",
  }[r.budget];
  return (
    `${which} (${limit}) does not cover this: ${used} is spent or held, and the next step could cost up to ${next}. ` +
    `It resets on ${resets}, or runs again once the budget is raised; your agents and schedules are kept.`
  );
}
