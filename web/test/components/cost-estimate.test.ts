/** @jest-environment jsdom */
import './env';
import models from '@agent-platform/config/models.json';
import { estimateCost } from '@agent-platform/core/chat';
import type { CostEstimate } from '../../src/data/types';
import { formatCost, formatNumber } from '../../src/format/format';
import { messagesFor } from '../../src/i18n/messages';
import { setLocale } from '../../src/state/locale';
import type { AgentForm } from '../../src/ui/agent-form';
import '../../src/ui/agent-form';
import '../../src/ui/draft-card';
import { choose, deep, deepAll, LOCALES, mount, settle, shadow, textOf, type, useFrozenClock } from './dom';
import { agent, type FakeApi, usage, useFakeClient } from './fakes';

const figures = (el: Element) =>
  deepAll(el, 'cost-estimate').flatMap((c) => [...shadow(c).querySelectorAll('.figure')].map(textOf));
const figure = (el: Element) => figures(el)[0] ?? '';
const warnings = (el: Element) =>
  deepAll(el, 'budget-warning').flatMap((w) => [...shadow(w).querySelectorAll('.warn')].map(textOf));
const percent = (locale: string, share: number) =>
  new Intl.NumberFormat(locale === 'ko' ? 'ko-KR' : 'en-US', { style: 'percent', maximumFractionDigits: 0 }).format(
    share,
  );

async function chooseInPicker(form: AgentForm, selector: string, value: string) {
  choose(shadow(deep(form, 'schedule-picker')).querySelector<HTMLSelectElement>(selector)!, value);
  await settle(form);
}

describe.each(LOCALES)('the live monthly estimate in %s', (locale) => {
  const m = messagesFor(locale);
  let api: FakeApi;
  // A cron schedule's runs a month are counted from now: the page and the test must share one now.
  useFrozenClock();
  beforeEach(() => {
    setLocale(locale);
    ({ api } = useFakeClient());
  });

  it('shows the agent’s monthly cost as the designer computes it, with no warning for a weekly agent', async () => {
    const a = agent();
    const form = await mount('agent-form', { agent: a });
    const e = estimateCost(models, a, new Date());
    expect(figure(form)).toBe(m.estimateMonthly(formatCost(e.perMonthUsd), formatNumber(Math.round(e.runsPerMonth!))));
    expect(warnings(form)).toEqual([]);
  });

  it('follows the schedule, the model and the tools as they change, and warns past a fifth of the budget', async () => {
    const form = await mount('agent-form', { agent: agent() });

    await chooseInPicker(form, '#freq', 'cron');
    type(shadow(deep(form, 'schedule-picker')).querySelector<HTMLInputElement>('#cron')!, '* * * * *');
    await settle(form);
    const everyMinute = estimateCost(
      models,
      { ...agent(), schedule: { frequency: 'cron', cron: '* * * * *', timezone: 'Asia/Seoul' } },
      new Date(),
    );
    expect(figure(form)).toBe(
      m.estimateMonthly(formatCost(everyMinute.perMonthUsd), formatNumber(Math.round(everyMinute.runsPerMonth!))),
    );
    // $5 a month (the fake usage's budget): every minute is many times the whole budget.
    expect(warnings(form)).toEqual([`⚠ ${m.estimateWarnOver('$5.00')}`]);

    choose(shadow(form).querySelector<HTMLSelectElement>('#model')!, 'claude-haiku-5-5');
    await settle(form);
    // Cheaper tokens; the web searches cost the same on every model.
    expect(dollars(figure(form))).toBeLessThan(everyMinute.perMonthUsd!);

    const withSearch = dollars(figure(form));
    const searchBox = [...shadow(form).querySelectorAll<HTMLInputElement>('.tool input')][0]!;
    searchBox.checked = false;
    searchBox.dispatchEvent(new Event('change'));
    await settle(form);
    expect(dollars(figure(form))).toBeLessThan(withSearch);
  });

  it('says the cost per run of an agent that runs only when asked, without a warning', async () => {
    const a = agent({ schedule: null });
    const form = await mount('agent-form', { agent: a });
    expect(figure(form)).toBe(m.estimateOnDemand(formatCost(estimateCost(models, a, new Date()).perRunUsd)));
    expect(warnings(form)).toEqual([]);
  });

  it('shows no figure, and does not fail, while a cron expression is half typed', async () => {
    const form = await mount('agent-form', { agent: agent() });
    await chooseInPicker(form, '#freq', 'cron');
    type(shadow(deep(form, 'schedule-picker')).querySelector<HTMLInputElement>('#cron')!, '*/5 * *');
    await settle(form);
    expect(figures(form)).toEqual([]);
  });

  it('does not warn when the budget cannot be read', async () => {
    api.usage.mockRejectedValue(new Error('offline'));
    const form = await mount('agent-form', {
      agent: agent({ schedule: { frequency: 'cron', cron: '* * * * *', timezone: 'UTC' } }),
    });
    expect(figure(form)).not.toBe('');
    expect(warnings(form)).toEqual([]);
  });
});

describe.each(LOCALES)('the draft card’s estimate in %s', (locale) => {
  const m = messagesFor(locale);
  let api: FakeApi;
  beforeEach(() => {
    setLocale(locale);
    ({ api } = useFakeClient());
  });
  const draft = {
    name: 'Every minute',
    finalAgentPrompt: 'Check the price.',
    tools: ['web_search' as const],
    model: 'claude-sonnet-5-5',
    schedule: { frequency: 'hourly' as const, time: '00:05', timezone: 'UTC' },
    monthlyBudgetUsd: 2,
  };
  const estimate = (perMonthUsd: number | null): CostEstimate => ({
    basis: 'estimate',
    model: 'claude-sonnet-5-5',
    modelLabel: 'Claude Sonnet 5.5',
    tokensPerRun: { input: 14_000, output: 1_500 },
    perRunUsd: 0.07,
    runsPerMonth: perMonthUsd === null ? null : 730.5,
    perMonthUsd,
  });

  it('warns when the proposal would use more than a fifth of the budget, and shows the proposed agent budget', async () => {
    const card = await mount('draft-card', { draft, estimate: estimate(1.3) });
    expect(warnings(card)).toEqual([`⚠ ${m.estimateWarn(percent(locale, 0.26), '$5.00')}`]);
    expect(textOf(shadow(card).querySelector('dd .budget'))).toBe(m.estimateAgentBudget('$2.00'));
  });

  it('says plainly when the proposal would cost more than the whole budget', async () => {
    const card = await mount('draft-card', { draft, estimate: estimate(51.14) });
    expect(warnings(card)).toEqual([`⚠ ${m.estimateWarnOver('$5.00')}`]);
  });

  it('does not warn at a fifth of the budget or below', async () => {
    const card = await mount('draft-card', { draft, estimate: estimate(1) });
    expect(warnings(card)).toEqual([]);
  });

  it('warns against a signed-in person’s larger budget only past a fifth of it', async () => {
    const u = usage();
    api.usage.mockResolvedValue({ ...u, budget: { ...u.budget, usd: 50, kind: 'user' } });
    const card = await mount('draft-card', { draft, estimate: estimate(9.99) });
    expect(warnings(card)).toEqual([]);
  });
});

/** "$1,234.50" or "$0.310" as a number of dollars. */
function dollars(text: string): number {
  return Number(text.match(/\$([\d,.]+)/)?.[1]?.replace(/,/g, ''));
}
