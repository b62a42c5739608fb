/** The words about money in Korean (the keys and arguments of money.en.ts; spread into ko.ts). */
import type { Messages } from './en';
import type { moneyEn } from './money.en';

export const moneyKo: Pick<Messages, keyof typeof moneyEn> = {
  usageSpentOf: (spent, budget) => `${budget} 중 ${spent}`,
  usageBudget_user: '내 월 예산',
  usageBudget_guest: '게스트 월 예산 (Google 계정을 연결하면 늘어납니다)',
  usageSpent: '사용',
  usageReserved: '진행 중인 작업에 잡아 둔 금액',
  usageRemaining: '남음',
  usageResetsOn: '초기화',
  usageTokenLimit: (used, limit) => `토큰 한도 ${limit}개 중 ${used}개`,
  usageSpentUp: (date) => `이번 달 예산을 모두 썼습니다. 실행과 채팅은 ${date}에 다시 됩니다.`,
  usagePlatform: (left, total) => `모든 사용자의 플랫폼 예산: ${total} 중 ${left} 남음`,
  usagePlatformSpent: (date) =>
    `이번 달 모든 사용자의 플랫폼 예산이 소진되었습니다. 실행과 채팅은 ${date}에 다시 됩니다.`,
  usageDailyTitle: '일별 비용',
  usageWhere: '어디에 썼나요',
  usageRuns: '실행',
  usageDesigner: '디자이너 채팅과 테스트 실행',
  usageTurns: (n) => `대화 ${n}회`,
  usageDeleted: '삭제됨',
  usageOther: '항목 없음',
  usageTotal: '합계',
  usageNothingYet: '이번 달에는 아직 쓴 금액이 없습니다.',
  chartDay: '날짜',
  chartRun: '완료 시각',
  chartDailyLabel: '이번 달 일별 비용',
  estimateMonthly: (cost, runs) => `월 약 ${cost} (${runs}회 실행)`,
  estimateOnDemand: (cost) => `실행할 때마다 약 ${cost}`,
  estimateBasis_estimate:
    '이런 종류의 일반적인 실행으로 추정한 값입니다. 테스트 실행을 하면 실제 금액을 알 수 있습니다.',
  estimateBasis_test_run: '테스트 실행의 실제 사용량으로 계산했습니다.',
  estimateWarn: (share, budget) =>
    `월 예산 ${budget}의 약 ${share}를 쓰게 됩니다. 실행 빈도를 줄이거나 더 저렴한 모델을 고려해 보세요.`,
  estimateWarnOver: (budget) =>
    `월 예산 ${budget} 전체보다 많이 들고, 예산을 다 쓰면 실행이 멈춥니다. 실행 빈도를 줄이거나 더 저렴한 모델을 고려해 보세요.`,
  estimateAgentBudget: (usd) => `이 에이전트의 예산: 월 ${usd}`,
  blocked_agent_budget: '중지됨: 이 에이전트의 월 예산을 모두 썼습니다',
  blocked_user_budget: '중지됨: 내 월 예산을 모두 썼습니다',
  blocked_platform_budget: '중지됨: 플랫폼 월 예산이 소진되었습니다',
  blockedResumes: (date) => `실행은 ${date}에 다시 시작됩니다.`,
  bannerAgentBudget: (names, date) =>
    `에이전트 자체 월 예산을 다 써서 실행이 중지되었습니다: ${names}. ${date}에 다시 시작되며, 에이전트 예산을 늘려도 됩니다.`,
  bannerUserBudget: (date) => `내 월 예산을 모두 써서 에이전트 실행이 중지되었습니다. ${date}에 다시 시작됩니다.`,
  bannerPlatformBudget: (date) =>
    `모든 사용자의 플랫폼 월 예산이 소진되어 실행이 중지되었습니다. ${date}에 다시 시작됩니다.`,
  agentBudget: '이 에이전트의 월 예산 (USD)',
  agentBudgetHint: '한 달에 이 금액을 쓰면 실행이 멈춥니다. 비워 두면 에이전트 자체 한도가 없습니다.',
  agentBudgetInvalid: '0달러보다 큰 금액을 입력하거나, 한도가 없으면 비워 두세요.',
  agentBudgetSave: '예산 저장',
  agentBudgetSaved: '예산을 저장했습니다.',
  agentBudgetCleared: '예산을 없앴습니다. 에이전트 자체 한도가 없습니다.',
};
