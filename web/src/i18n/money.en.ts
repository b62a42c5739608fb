/** The words about money: spend, budgets, estimates and budget stops (spread into en.ts). */
export const moneyEn = {
  // Usage page
  usageSpentOf: (spent: string, budget: string) => `${spent} of ${budget}`,
  usageBudget_user: 'Your monthly budget',
  usageBudget_guest: 'Guest monthly budget (link a Google account for more)',
  usageSpent: 'Spent',
  usageReserved: 'Held for work in progress',
  usageRemaining: 'Left',
  usageResetsOn: 'Resets on',
  usageTokenLimit: (used: string, limit: string) => `${used} of ${limit} tokens (token limit)`,
  usageSpentUp: (date: string) => `This month’s budget is used up. Runs and chat resume on ${date}.`,
  usagePlatform: (left: string, total: string) => `Platform budget for all users: ${left} left of ${total}`,
  usagePlatformSpent: (date: string) =>
    `The platform’s budget for all users is used up this month. Runs and chat resume on ${date}.`,
  usageDailyTitle: 'Cost per day',
  usageWhere: 'Where it went',
  usageRuns: 'Runs',
  usageDesigner: 'Designer chat and test runs',
  usageTurns: (n: string) => `${n} turns`,
  usageDeleted: 'deleted',
  usageOther: 'Not itemised',
  usageTotal: 'Total',
  usageNothingYet: 'Nothing spent yet this month.',
  // Charts
  chartDay: 'Day',
  chartRun: 'Finished',
  chartDailyLabel: 'Cost per day this month',
  // Estimates
  estimateMonthly: (cost: string, runs: string) => `About ${cost} a month (${runs} runs)`,
  estimateOnDemand: (cost: string) => `About ${cost} each time it runs`,
  estimateBasis_estimate: 'Estimated for a typical run of this kind; a test run gives the real figure.',
  estimateBasis_test_run: 'From the test run’s real usage.',
  estimateWarn: (share: string, budget: string) =>
    `This would use about ${share} of your ${budget} monthly budget. Consider a less frequent schedule or a cheaper model.`,
  estimateWarnOver: (budget: string) =>
    `This would cost more than your whole ${budget} monthly budget, and runs stop once it is spent. Consider a less frequent schedule or a cheaper model.`,
  estimateAgentBudget: (usd: string) => `Budget for this agent: ${usd} a month`,
  // Budget stops
  blocked_agent_budget: 'Stopped: this agent’s monthly budget is spent',
  blocked_user_budget: 'Stopped: your monthly budget is spent',
  blocked_platform_budget: 'Stopped: the platform’s monthly budget is spent',
  blockedResumes: (date: string) => `Runs resume on ${date}.`,
  bannerAgentBudget: (names: string, date: string) =>
    `Runs stopped by the agent’s own monthly budget: ${names}. They resume on ${date}, or raise the agent’s budget.`,
  bannerUserBudget: (date: string) =>
    `Your monthly budget is spent, so your agents’ runs are stopped. They resume on ${date}.`,
  bannerPlatformBudget: (date: string) =>
    `The platform’s monthly budget for all users is spent, so runs are stopped. They resume on ${date}.`,
  // An agent's own budget
  agentBudget: 'Monthly budget for this agent (USD)',
  agentBudgetHint: 'Its runs stop once it has spent this much in a month. Leave empty for no limit of its own.',
  agentBudgetInvalid: 'Enter an amount above $0, or leave it empty for no limit.',
  agentBudgetSave: 'Save budget',
  agentBudgetSaved: 'Budget saved.',
  agentBudgetCleared: 'Budget removed: no limit of its own.',
} as const;
