/** @jest-environment jsdom */
import './env';
import { emptyMonth } from '@agent-platform/core/usage';
import { ApiError } from '../../src/data/errors';
import { formatCost, formatDateTime } from '../../src/format/format';
import { messagesFor } from '../../src/i18n/messages';
import '../../src/pages/usage-page';
import type { UsagePage } from '../../src/pages/usage-page';
import { setLocale } from '../../src/state/locale';
import { LOCALES, mount, settle, shadow, textOf } from './dom';
import { type FakeApi, type FakeBackend, put, UID, usage, useFakeClient, userDoc } from './fakes';

// The bundle loads uPlot's stylesheet as text (esbuild's text loader); Jest cannot read CSS.
jest.mock('uplot/dist/uPlot.min.css', () => '.u-legend { font-size: 0.8rem; }');

const root = (page: UsagePage) => shadow(page);
const figure = (page: UsagePage, term: string) => {
  const row = [...root(page).querySelectorAll('dl > div')].find((d) => textOf(d.querySelector('dt')) === term);
  return textOf(row?.querySelector('dd'));
};
const big = (page: UsagePage) => textOf(root(page).querySelector('.big'));
const meter = (page: UsagePage) => root(page).querySelector('[role="meter"]');
const bodyRows = (page: UsagePage) =>
  [...root(page).querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map(textOf));
const totalRow = (page: UsagePage) => [...root(page).querySelectorAll('tfoot tr > *')].map(textOf);
/** "$0.300" or "₩"-free "$1,234.50" as a number of dollars, as a reader adds them up. */
const dollars = (text: string) => Number(text.replace(/[^0-9.]/g, ''));

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

  it('shows the month’s spend in dollars against the budget: spent, held, left and when it resets', async () => {
    const u = usage();
    api.usage.mockResolvedValue(u);
    const page = await mount('usage-page');
    expect(textOf(root(page).querySelector('#budget-h'))).toBe(m.usageBudget_guest);
    expect(big(page)).toBe('$1.25');
    expect(textOf(root(page).querySelector('.muted'))).toBe(m.usageSpentOf('$1.25', '$5.00'));
    expect(figure(page, m.usageSpent)).toBe('$1.25');
    expect(figure(page, m.usageReserved)).toBe('$0.060');
    expect(figure(page, m.usageRemaining)).toBe('$3.69');
    expect(figure(page, m.usageResetsOn)).toBe(formatDateTime(u.resetsAt));
    expect(meter(page)?.getAttribute('aria-valuenow')).toBe('1.25');
    expect(meter(page)?.getAttribute('aria-valuemax')).toBe('5');
    expect(meter(page)?.className).toBe('meter ');
    expect(root(page).querySelector('.warn')).toBeNull();
    expect(root(page).querySelector('.platform')).toBeNull();
  });

  it('names a signed-in person’s budget as theirs, with the extra token limit when there is one', async () => {
    const u = usage();
    api.usage.mockResolvedValue(
      usage({ budget: { ...u.budget, kind: 'user', tokens: 1_000_000, remaining: 960_000 } }),
    );
    const page = await mount('usage-page');
    expect(textOf(root(page).querySelector('#budget-h'))).toBe(m.usageBudget_user);
    expect(textOf(root(page).querySelector('section'))).toContain(m.usageTokenLimit('40,000', '1,000,000'));
  });

  it('warns, with the day it comes back, when the month’s budget is used up', async () => {
    const u = usage({ costUsd: 5 });
    api.usage.mockResolvedValue({ ...u, budget: { ...u.budget, remainingUsd: 0, reservedUsd: 0 } });
    const page = await mount('usage-page');
    expect(textOf(root(page).querySelector('.warn'))).toBe(m.usageSpentUp(formatDateTime(u.resetsAt)));
    expect(meter(page)?.classList.contains('full')).toBe(true);
    expect(figure(page, m.usageRemaining)).toBe('$0.00');
  });

  it('shows what is left of the platform’s budget when the deployment has one, and when it is spent', async () => {
    api.usage.mockResolvedValue(usage({ platform: { usd: 500, remainingUsd: 123.4 } }));
    const page = await mount('usage-page');
    expect(textOf(root(page).querySelector('.platform'))).toBe(m.usagePlatform('$123.40', '$500.00'));

    const u = usage({ platform: { usd: 500, remainingUsd: 0 } });
    api.usage.mockResolvedValue(u);
    const spent = await mount('usage-page');
    expect(textOf(root(spent).querySelector('.platform.warn'))).toBe(m.usagePlatformSpent(formatDateTime(u.resetsAt)));
  });

  it('draws the month’s cost per day', async () => {
    const u = usage();
    const page = await mount('usage-page');
    expect(textOf(root(page).querySelector('#daily-h'))).toBe(m.usageDailyTitle);
    expect(root(page).querySelector('usage-chart')?.daily).toEqual(u.daily);
  });

  it('lists where the money went, costliest first: agents, deleted ones by name, and the designer', async () => {
    const page = await mount('usage-page');
    expect([...root(page).querySelectorAll('thead th')].map(textOf)).toEqual([m.agent, m.usageRuns, m.tokens, m.cost]);
    const tenK = locale === 'ko' ? '3만' : '30K';
    expect(bodyRows(page)).toEqual([
      ['Umbrella', '1', tenK, '$0.900'],
      ['Morning news', '2', '3,500', '$0.300'],
      [`Old digest${m.usageDeleted}`, '1', '100', '$0.010'],
      [m.usageDesigner, m.usageTurns('3'), '6,400', '$0.040'],
    ]);
    // A deleted agent has no page to go to.
    expect([...root(page).querySelectorAll('tbody a')].map((a) => a.getAttribute('href'))).toEqual([
      '/agents/a2',
      '/agents/a1',
    ]);
    expect(textOf(root(page).querySelector('tr.deleted .chip'))).toBe(m.usageDeleted);
  });

  it('shows rows that add up, to the cent, to the total it shows', async () => {
    const page = await mount('usage-page');
    const rowsUsd = bodyRows(page).map((r) => dollars(r[3]!));
    const total = totalRow(page);
    expect(total[0]).toBe(m.usageTotal);
    expect(total[3]).toBe(big(page));
    expect(Math.round(rowsUsd.reduce((a, b) => a + b, 0) * 100)).toBe(Math.round(dollars(total[3]!) * 100));
  });

  it('keeps the rows adding up when the answer does not itemise all of the total', async () => {
    api.usage.mockResolvedValue(usage({ byAgent: [], costUsd: 1.25 }));
    const page = await mount('usage-page');
    expect(bodyRows(page)).toEqual([
      [m.usageDesigner, m.usageTurns('3'), '6,400', '$0.040'],
      [m.usageOther, '', '', formatCost(1.21)],
    ]);
  });

  it('adds no row for what sub-cent rows leave over when they add up to the total', async () => {
    api.usage.mockResolvedValue(
      usage({
        costUsd: 0.0085,
        byAgent: [
          { agentId: 'a1', name: 'Morning news', deleted: false, costUsd: 0.0023, tokens: 317, runs: 1 },
          { agentId: 'gone', name: 'Old digest', deleted: true, costUsd: 0.0022, tokens: 316, runs: 1 },
        ],
        designer: { costUsd: 0.004, tokens: 1_644, turns: 1 },
      }),
    );
    const page = await mount('usage-page');
    expect(bodyRows(page).map((r) => r[0])).toEqual(['Morning news', `Old digest${m.usageDeleted}`, m.usageDesigner]);
    expect(totalRow(page)[3]).toBe('$0.0085');
  });

  it('says nothing was spent yet instead of an empty table', async () => {
    api.usage.mockResolvedValue(
      usage({ costUsd: 0, byAgent: [], designer: { costUsd: 0, tokens: 0, turns: 0 }, daily: [] }),
    );
    const page = await mount('usage-page');
    expect(root(page).querySelector('table')).toBeNull();
    expect(textOf(root(page).querySelector('[aria-labelledby="where-h"] p'))).toBe(m.usageNothingYet);
  });

  it('fetches the figures again when the live user document says the month’s usage moved', async () => {
    const u = usage();
    put(
      backend,
      'users',
      userDoc({ usage: { [u.month]: { ...emptyMonth(), input: 30_000, output: 10_000, costUsd: 1.25 } } }),
    );
    const page = await mount('usage-page');
    expect(big(page)).toBe('$1.25');
    expect(api.usage).toHaveBeenCalledTimes(1);

    api.usage.mockResolvedValue(usage({ costUsd: 2.5 }));
    backend.update('users', UID, {
      usage: { [u.month]: { ...emptyMonth(), input: 60_000, output: 25_000, costUsd: 2.5 } },
    });
    await settle(page);
    await settle(page);
    expect(api.usage).toHaveBeenCalledTimes(2);
    expect(big(page)).toBe('$2.50');
  });

  it('says why the usage cannot be shown', async () => {
    api.usage.mockRejectedValue(new ApiError('unavailable', 'The service is unavailable.', 503));
    const page = await mount('usage-page');
    expect(textOf(root(page).querySelector('[role="alert"]'))).toBe('The service is unavailable.');
  });
});
