/** The monthly estimate the designer and the schedule editor share (core chat/cost-estimate.ts). */
import models from '@agent-platform/config/models.json';
import { approxTokens, estimateCost, exceedsBudgetShare, runsPerMonth } from '@agent-platform/core/chat';

const now = new Date('2026-11-22T00:00:00.000Z');
const draft = {
  finalAgentPrompt: 'Summarise the news.',
  tools: ['web_search' as const],
  model: 'claude-sonnet-5-5',
  schedule: { frequency: 'daily' as const, time: '08:00', timezone: 'Asia/Seoul' },
};

describe('the shared cost estimate', () => {
  test('a daily web-search agent on Sonnet: tokens at its prices plus three searches, times 30.4 runs', () => {
    const e = estimateCost(models, draft, now);
    const input = 1_500 + 12_000 + approxTokens(draft.finalAgentPrompt);
    const output = 1_200 + 300;
    const perRun = (input * 2 + output * 10) / 1e6 + (3 * 10) / 1000;
    expect(e.perRunUsd).toBeCloseTo(perRun, 4);
    expect(e.runsPerMonth).toBe(30.4);
    expect(e.perMonthUsd).toBeCloseTo(perRun * 30.4375, 3);
    expect(e.modelLabel).toBe('Claude Sonnet 5.5');
  });

  test('every minute costs about 43,800 times one run; without a schedule there is no monthly figure', () => {
    const everyMinute = estimateCost(
      models,
      { ...draft, schedule: { frequency: 'cron', cron: '* * * * *', timezone: 'UTC' } },
      now,
    );
    expect(runsPerMonth({ frequency: 'cron', cron: '* * * * *', timezone: 'UTC' }, now)).toBeCloseTo(43_830, -1);
    expect(everyMinute.perMonthUsd!).toBeGreaterThan(everyMinute.perRunUsd * 43_000);
    expect(estimateCost(models, { ...draft, schedule: null }, now)).toMatchObject({
      runsPerMonth: null,
      perMonthUsd: null,
    });
  });

  test('code execution without a web tool adds its minimum container time; with one it adds none', () => {
    const code = { ...draft, tools: ['code_execution' as const] };
    const tokensOnly = (3_000 + 1_500 + approxTokens(draft.finalAgentPrompt)) * 2 + (1_200 + 600) * 10;
    const container = (models.codeExecutionMinSeconds / 3600) * models.codeExecutionPerHour;
    expect(estimateCost(models, code, now).perRunUsd).toBeCloseTo(tokensOnly / 1e6 + container, 4);
    const both = estimateCost(models, { ...draft, tools: ['web_search', 'code_execution'] }, now);
    const searchOnly = estimateCost(models, draft, now);
    expect(both.perRunUsd - searchOnly.perRunUsd).toBeCloseTo((3_000 * 2 + 600 * 10) / 1e6, 4);
  });

  test('an unknown model is priced as the default one', () => {
    const unknown = estimateCost(models, { ...draft, model: 'claude-gone' }, now);
    expect(unknown.perRunUsd).toBe(estimateCost(models, draft, now).perRunUsd);
  });

  test.each([
    ['a fifth exactly is not over', 1, 5, false],
    ['just over a fifth warns', 1.01, 5, true],
    ['no monthly figure never warns', null, 5, false],
    ['no budget never warns', 100, 0, false],
    ['an unknown budget never warns', 100, null, false],
  ])('%s', (_name, perMonth, budget, warns) => {
    expect(exceedsBudgetShare(perMonth, budget)).toBe(warns);
  });
});
