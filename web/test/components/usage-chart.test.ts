/** @jest-environment jsdom */
import './env';
import { messagesFor } from '../../src/i18n/messages';
import { setLocale } from '../../src/state/locale';
import type { UsageChart } from '../../src/ui/usage-chart';
import '../../src/ui/usage-chart';
import { LOCALES, mount, settle, shadow, textOf } from './dom';
import { execution, minutesAgo } from './fakes';

// The bundle loads uPlot's stylesheet as text (esbuild's text loader); Jest cannot read CSS.
jest.mock('uplot/dist/uPlot.min.css', () => '.u-legend { font-size: 0.8rem; }');

const legend = (c: UsageChart) => [...shadow(c).querySelectorAll('.u-legend .u-label')].map(textOf);

const month = [
  { date: '2026-11-01', costUsd: 0.12 },
  { date: '2026-11-02', costUsd: 0 },
  { date: '2026-11-03', costUsd: 1.5 },
];

const runs = [
  execution({ id: 'r3', status: 'running', endTime: null }),
  execution({ id: 'r2', status: 'failed', endTime: minutesAgo(60), costUsd: 0.002 }),
  execution({ id: 'r1', status: 'success', endTime: minutesAgo(120), costUsd: 0.01 }),
];

describe.each(LOCALES)('usage-chart in %s', (locale) => {
  const m = messagesFor(locale);
  beforeEach(() => setLocale(locale));

  it('is one image to assistive technology, named for what it shows', async () => {
    const chart = await mount('usage-chart', { runs });
    const plot = shadow(chart).querySelector('.plot');
    expect(plot?.getAttribute('role')).toBe('img');
    expect(plot?.getAttribute('aria-label')).toBe(m.usageOverTime);
  });

  it('names its series, tokens and cost, in its legend', async () => {
    const chart = await mount('usage-chart', { runs });
    expect(legend(chart)).toEqual(expect.arrayContaining([m.tokens, m.cost]));
  });

  it('draws an empty chart when there are no runs, without failing', async () => {
    const chart = await mount('usage-chart', { runs: [] });
    expect(shadow(chart).querySelectorAll('.uplot')).toHaveLength(1);
    expect(legend(chart)).toEqual(expect.arrayContaining([m.tokens, m.cost]));
  });

  it('draws one chart however often its runs change', async () => {
    const chart = await mount('usage-chart', { runs: [] });
    chart.runs = runs;
    await settle(chart);
    chart.runs = [...runs, execution({ id: 'r0', endTime: minutesAgo(180) })];
    await settle(chart);
    expect(shadow(chart).querySelectorAll('.uplot')).toHaveLength(1);
  });

  it('adds uPlot’s stylesheet once, also when it is put back on the page', async () => {
    const chart = await mount('usage-chart', { runs });
    chart.remove();
    document.body.append(chart);
    await settle(chart);
    expect(shadow(chart).querySelectorAll('style[data-uplot]')).toHaveLength(1);
  });
});

describe('usage-chart', () => {
  it('speaks the new language in its legend after the language changes', async () => {
    setLocale('en');
    const chart = await mount('usage-chart', { runs });
    setLocale('ko');
    await settle(chart);
    expect(legend(chart)).toEqual(expect.arrayContaining(['토큰', '비용']));
    expect(legend(chart)).not.toContain('Tokens');
  });

  // uPlot's own label for the x series is the English word "Time".
  it('labels every legend entry in Korean when the app speaks Korean', async () => {
    setLocale('ko');
    const chart = await mount('usage-chart', { runs });
    expect(legend(chart)).toEqual(['완료 시각', '토큰', '비용']);
    const daily = await mount('usage-chart', { daily: month });
    expect(legend(daily)).toEqual(['날짜', '비용']);
  });

  it('draws its chart again when it is put back on the page, in the language of the moment', async () => {
    setLocale('en');
    const chart = await mount('usage-chart', { runs });
    chart.remove();
    setLocale('ko');
    document.body.append(chart);
    await settle(chart);
    expect(shadow(chart).querySelectorAll('.uplot')).toHaveLength(1);
    expect(legend(chart)).toEqual(['완료 시각', '토큰', '비용']);
  });
});

describe.each(LOCALES)('usage-chart of the month in %s', (locale) => {
  const m = messagesFor(locale);
  beforeEach(() => setLocale(locale));

  it('is one image named for the month’s cost per day, with a day and a cost in its legend', async () => {
    const chart = await mount('usage-chart', { daily: month });
    expect(shadow(chart).querySelector('.plot')?.getAttribute('aria-label')).toBe(m.chartDailyLabel);
    expect(legend(chart)).toEqual([m.chartDay, m.cost]);
  });

  it('draws one bar per day of the month so far, whatever the costs', async () => {
    const chart = await mount('usage-chart', { daily: month });
    expect(shadow(chart).querySelectorAll('.uplot')).toHaveLength(1);
    chart.daily = [...month, { date: '2026-11-04', costUsd: 0 }];
    await settle(chart);
    expect(shadow(chart).querySelectorAll('.uplot')).toHaveLength(1);
  });

  it('draws an empty month without failing (the first day before anything was spent)', async () => {
    const chart = await mount('usage-chart', { daily: [] });
    expect(shadow(chart).querySelectorAll('.uplot')).toHaveLength(1);
    expect(legend(chart)).toEqual([m.chartDay, m.cost]);
  });
});
