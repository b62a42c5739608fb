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

  it('labels every legend entry in Korean when the app speaks Korean', async () => {
    setLocale('ko');
    const chart = await mount('usage-chart', { runs });
    expect(legend(chart)).not.toContain('Time');
    expect(legend(chart)).toEqual(expect.arrayContaining(['완료 시각', '토큰', '비용']));
  });

  // Leaving the page destroys the plot; coming back (moved, or kept by Lit's `cache`) draws it again.
  it('draws its chart again when it is put back on the page', async () => {
    setLocale('en');
    const chart = await mount('usage-chart', { runs });
    chart.remove();
    document.body.append(chart);
    await settle(chart);
    expect(shadow(chart).querySelectorAll('.uplot')).toHaveLength(1);
    expect(legend(chart)).toEqual(expect.arrayContaining(['Tokens', 'Cost']));
  });
});
