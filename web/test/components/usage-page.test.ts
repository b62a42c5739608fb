/** @jest-environment jsdom */
import './env';
import { emptyMonth } from '@agent-platform/core/usage';
import { ApiError } from '../../src/data/errors';
import { formatDateTime, startOfMonthIso } from '../../src/format/format';
import { messagesFor } from '../../src/i18n/messages';
import '../../src/pages/usage-page';
import type { UsagePage } from '../../src/pages/usage-page';
import { setLocale } from '../../src/state/locale';
import { LOCALES, mount, settle, shadow, textOf } from './dom';
import { agent, execution, type FakeApi, type FakeBackend, put, UID, usage, useFakeClient, userDoc } from './fakes';

const root = (page: UsagePage) => shadow(page);
const figure = (page: UsagePage, term: string) => {
  const row = [...root(page).querySelectorAll('dl > div')].find((d) => textOf(d.querySelector('dt')) === term);
  return textOf(row?.querySelector('dd'));
};
const big = (page: UsagePage) => textOf(root(page).querySelector('.big'));
const meter = (page: UsagePage) => root(page).querySelector('[role="meter"]');
const tableRows = (page: UsagePage) =>
  [...root(page).querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map(textOf));

// Runs of this month: from its first instant on.
const thisMonth = startOfMonthIso();

describe.each(LOCALES)('usage-page in %s', (locale) => {
  const m = messagesFor(locale);
  let backend: FakeBackend;
  let api: FakeApi;
  beforeEach(() => {
    setLocale(locale);
    ({ backend, api } = useFakeClient());
  });

  it('says it is loading until the month’s usage arrives', async () => {
    api.usage.mockReturnValue(new Promise(() => {}));
    const page = await mount('usage-page');
    expect(textOf(root(page).querySelector('h1'))).toBe(m.usageTitle);
    expect(textOf(root(page).querySelector('[aria-busy="true"]'))).toBe(m.loading);
  });

  it('shows the month’s cost, tokens against the budget, and when it resets', async () => {
    const u = usage();
    api.usage.mockResolvedValue(u);
    const page = await mount('usage-page');
    expect(big(page)).toBe('$1.25');
    expect(textOf(root(page).querySelector('.row'))).toContain(m.usageOf('40,000', '1,000,000'));
    expect(textOf(root(page).querySelector('.row'))).toContain(m.usageLeft('960,000'));
    expect(figure(page, m.usageInput)).toBe('30,000');
    expect(figure(page, m.usageOutput)).toBe('10,000');
    expect(figure(page, m.cost)).toBe('$1.25');
    expect(figure(page, m.resets)).toBe(formatDateTime(u.resetsAt));
    expect(meter(page)?.getAttribute('aria-valuenow')).toBe('40000');
    expect(meter(page)?.getAttribute('aria-valuemax')).toBe('1000000');
    expect(meter(page)?.className).toBe('meter ');
    expect(root(page).querySelector('.warn')).toBeNull();
  });

  it('keeps the figures current from the live user document as runs finish', async () => {
    const u = usage();
    put(
      backend,
      'users',
      userDoc({ usage: { [u.month]: { ...emptyMonth(), input: 50_000, output: 20_000, costUsd: 2.5 } } }),
    );
    const page = await mount('usage-page');
    expect(big(page)).toBe('$2.50');
    expect(figure(page, m.usageInput)).toBe('50,000');

    backend.update('users', UID, {
      usage: { [u.month]: { ...emptyMonth(), input: 60_000, output: 25_000, costUsd: 3 } },
    });
    await settle(page);
    expect(big(page)).toBe('$3.00');
    expect(textOf(root(page).querySelector('.row'))).toContain(m.usageOf('85,000', '1,000,000'));
  });

  it('uses the person’s own budget when they have one', async () => {
    api.usage.mockResolvedValue(usage({ budget: { ...usage().budget, tokens: 50_000, remaining: 10_000 } }));
    const page = await mount('usage-page');
    expect(textOf(root(page).querySelector('.row'))).toContain(m.usageOf('40,000', '50,000'));
    expect(meter(page)?.classList.contains('high')).toBe(true);
  });

  it('warns when the month’s budget is used up', async () => {
    api.usage.mockResolvedValue(usage({ budget: { ...usage().budget, tokens: 40_000, remaining: 0 } }));
    const page = await mount('usage-page');
    expect(textOf(root(page).querySelector('.warn'))).toBe(m.usageBudgetReached);
    expect(meter(page)?.classList.contains('full')).toBe(true);
    expect(textOf(root(page).querySelector('.row'))).toContain(m.usageLeft('0'));
  });

  it('says when no monthly budget is set, without a meter', async () => {
    api.usage.mockResolvedValue(usage({ budget: { ...usage().budget, tokens: 0, remaining: 0 } }));
    const page = await mount('usage-page');
    expect(textOf(root(page).querySelector('.row'))).toBe(`${m.usageTitle} $1.25 ${m.usageNoBudget}`);
    expect(meter(page)).toBeNull();
  });

  it('lists which agents used the month, costliest first, with test runs of drafts apart', async () => {
    put(backend, 'agents', agent({ id: 'a1', name: 'Morning news' }), agent({ id: 'a2', name: 'Umbrella' }));
    put(
      backend,
      'executions',
      execution({ id: 'e1', agentId: 'a1', scheduledFor: thisMonth, costUsd: 0.1, tokenUsage: usageOf(1000, 200) }),
      execution({ id: 'e2', agentId: 'a1', scheduledFor: thisMonth, costUsd: 0.2, tokenUsage: usageOf(2000, 300) }),
      execution({ id: 'e3', agentId: 'a2', scheduledFor: thisMonth, costUsd: 0.9, tokenUsage: usageOf(9000, 1000) }),
      execution({
        id: 'e4',
        agentId: null,
        trigger: 'test',
        scheduledFor: thisMonth,
        costUsd: 0.05,
        tokenUsage: usageOf(400, 100),
      }),
      execution({ id: 'e5', agentId: 'gone', scheduledFor: thisMonth, costUsd: 0.01, tokenUsage: usageOf(50, 50) }),
    );
    const page = await mount('usage-page');
    expect(textOf(root(page).querySelector('#by-agent-h'))).toBe(m.usageByAgent);
    expect([...root(page).querySelectorAll('thead th')].map(textOf)).toEqual([m.agent, m.tokens, m.cost]);
    expect(tableRows(page)).toEqual([
      ['Umbrella', locale === 'ko' ? '1만' : '10K', '$0.900'],
      ['Morning news', '3,500', '$0.300'],
      [m.testRunsLabel, '500', '$0.050'],
      ['gone', '100', '$0.010'],
    ]);
    expect([...root(page).querySelectorAll('tbody a')].map((a) => a.getAttribute('href'))).toEqual([
      '/agents/a2',
      '/agents/a1',
      '/agents/gone',
    ]);
  });

  it('shows no table before anything ran this month', async () => {
    const page = await mount('usage-page');
    expect(root(page).querySelector('table')).toBeNull();
  });

  it('says why the usage cannot be shown', async () => {
    api.usage.mockRejectedValue(new ApiError('unavailable', 'The service is unavailable.', 503));
    const page = await mount('usage-page');
    expect(textOf(root(page).querySelector('[role="alert"]'))).toBe('The service is unavailable.');
  });
});

function usageOf(input: number, output: number) {
  return { input, output, cacheRead: 0, cacheWrite: 0 };
}
