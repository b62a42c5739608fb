import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import type { Execution } from '../data/types';
import { formatCost, formatTokens } from '../format/format';
import { t } from '../i18n/messages';
import { getLocale, LocaleController } from '../state/locale';
import { shared } from '../styles/shared';

/** A day of the month's spend, as `GET /api/usage` lists it (`2026-11-03`, UTC). */
export interface DailyCost {
  date: string;
  costUsd: number;
}

const HEIGHT = 160;

/**
 * A small uPlot chart of spend. With `daily` set: cost per day of the month
 * (bars, the usage page). Otherwise: tokens (bars) and cost (line) per finished
 * run, oldest to newest (the agent page). Every label, axis and legend entry is
 * in the app's language, and it is drawn again after a language change or a
 * move in the page.
 */
@customElement('usage-chart')
export class UsageChart extends LitElement {
  static override styles = [
    shared,
    css`
      :host { min-height: 160px; }
      .plot { width: 100%; }
      .u-legend { font-size: 0.8rem; color: var(--ap-text-2); }
    `,
  ];

  @property({ attribute: false }) runs: Execution[] = [];
  /** Cost per day, oldest first; when set, the chart shows these instead of runs. */
  @property({ attribute: false }) daily: DailyCost[] | null = null;
  @query('.plot') private _el!: HTMLDivElement;
  private _plot: uPlot | null = null;
  private _resize: ResizeObserver | null = null;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    // uPlot's own stylesheet, adopted into this shadow root once.
    if (!this.shadowRoot?.querySelector('style[data-uplot]')) this.updateComplete.then(() => this._addCss());
    // Put back on the page (moved, or kept by a cache): Lit renders nothing new, so draw again here.
    if (this.hasUpdated) this.updateComplete.then(() => this.isConnected && !this._plot && this._draw());
  }

  private _addCss() {
    const style = document.createElement('style');
    style.dataset.uplot = '';
    style.textContent = uplotCss;
    this.shadowRoot?.prepend(style);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._resize?.disconnect();
    this._resize = null;
    this._plot?.destroy();
    this._plot = null;
  }

  protected override updated(_changed: PropertyValues<this>): void {
    this._draw();
  }

  private _draw() {
    const style = getComputedStyle(this);
    const accent = style.getPropertyValue('--ap-accent').trim() || '#4f46e5';
    const text = style.getPropertyValue('--ap-text-3').trim() || '#888';
    const grid = style.getPropertyValue('--ap-border').trim() || '#ddd';
    const axis = {
      stroke: text,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
      font: '11px system-ui',
    };
    const bars = {
      stroke: accent,
      fill: /^#[0-9a-f]{6}$/i.test(accent) ? `${accent}40` : accent,
      paths: uPlot.paths.bars!({ size: [0.6, 24] }),
    };
    const { options, data } = this.daily ? dailyChart(this.daily, axis, bars) : runsChart(this.runs, axis, bars);
    this._plot?.destroy();
    this._plot = new uPlot(
      { ...options, width: Math.max(240, this._el.clientWidth), height: HEIGHT, legend: { show: true } },
      data,
      this._el,
    );
    if (!this._resize) {
      this._resize = new ResizeObserver(() =>
        this._plot?.setSize({ width: Math.max(240, this._el.clientWidth), height: HEIGHT }),
      );
      this._resize.observe(this._el);
    }
  }

  override render() {
    const m = t();
    return html`<div class="plot" role="img" aria-label=${this.daily ? m.chartDailyLabel : m.usageOverTime}></div>`;
  }
}

type Axis = uPlot.Axis;
type Bars = Pick<uPlot.Series, 'stroke' | 'fill' | 'paths'>;
type Chart = { options: Omit<uPlot.Options, 'width' | 'height'>; data: uPlot.AlignedData };

const tag = () => (getLocale() === 'ko' ? 'ko-KR' : 'en-US');

/** Cost per day of the month; x is the day of the month, labelled "Nov 3" / "11월 3일". */
function dailyChart(daily: DailyCost[], axis: Axis, bars: Bars): Chart {
  const m = t();
  const days = daily.map((d) => Number(d.date.slice(8, 10)));
  const [year, month] = (daily[0]?.date ?? new Date().toISOString()).split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const format = new Intl.DateTimeFormat(tag(), { month: 'short', day: 'numeric', timeZone: 'UTC' });
  // Ticks fall on whole days of this month only (an empty month's axis spans a made-up range).
  const dayLabel = (day: number) =>
    Number.isInteger(day) && day >= 1 && day <= lastDay ? format.format(new Date(Date.UTC(year, month - 1, day))) : '';
  return {
    options: {
      cursor: { points: { size: 6 } },
      series: [
        { label: m.chartDay, value: (_u, v) => (v == null ? '' : dayLabel(v)) },
        { ...bars, label: m.cost, scale: 'usd', value: (_u, v) => (v == null ? '' : formatCost(v)) },
      ],
      axes: [
        // Whole days only: the axis never labels half a day.
        {
          ...axis,
          incrs: [1, 2, 5, 7, 10, 15],
          values: (_u, vals) => vals.map(dayLabel),
        },
        { ...axis, scale: 'usd', values: (_u, vals) => vals.map((v) => formatCost(v)), size: 60 },
      ],
      scales: {
        x: { time: false, range: (_u, min, max) => [Math.min(min, 1) - 0.5, Math.max(max, 1) + 0.5] },
        usd: { range: (_u, _min, max) => [0, Math.max(0.01, max) * 1.15] },
      },
    },
    data: [days, daily.map((d) => d.costUsd)],
  };
}

/** Tokens (bars) and cost (line) per finished run, oldest to newest. */
function runsChart(runs: Execution[], axis: Axis, bars: Bars): Chart {
  const m = t();
  const done = runs.filter((r) => r.endTime && (r.status === 'success' || r.status === 'failed')).reverse();
  const when = (secs: number, opts: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat(tag(), opts).format(new Date(secs * 1000));
  return {
    options: {
      cursor: { points: { size: 6 } },
      series: [
        {
          label: m.chartRun,
          value: (_u, v) =>
            v == null ? '' : when(v, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }),
        },
        {
          ...bars,
          label: m.tokens,
          value: (_u, v) => (v == null ? '' : formatTokens(v)),
          scale: 'tokens',
        },
        {
          label: m.cost,
          stroke: '#10b981',
          width: 2,
          scale: 'usd',
          value: (_u, v) => (v == null ? '' : formatCost(v)),
        },
      ],
      axes: [
        {
          ...axis,
          // The axis's own words (month names, AM/PM) in the app's language, not uPlot's English.
          values: (u, vals) => {
            const span = (u.scales.x?.max ?? 0) - (u.scales.x?.min ?? 0);
            const opts: Intl.DateTimeFormatOptions =
              span > 2 * 86_400 ? { month: 'short', day: 'numeric' } : { hour: 'numeric', minute: '2-digit' };
            return vals.map((v) => when(v, opts));
          },
        },
        { ...axis, scale: 'tokens', values: (_u, vals) => vals.map((v) => formatTokens(v)), size: 50 },
        {
          ...axis,
          scale: 'usd',
          side: 1,
          grid: { show: false },
          values: (_u, vals) => vals.map((v) => formatCost(v)),
          size: 60,
        },
      ],
      scales: {
        x: { time: true },
        tokens: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.15] },
        usd: { range: (_u, _min, max) => [0, Math.max(0.0001, max) * 1.15] },
      },
    },
    data: [
      done.map((r) => new Date(r.endTime!).getTime() / 1000),
      done.map((r) => (r.tokenUsage?.input ?? 0) + (r.tokenUsage?.output ?? 0)),
      done.map((r) => r.costUsd ?? 0),
    ],
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'usage-chart': UsageChart;
  }
}
