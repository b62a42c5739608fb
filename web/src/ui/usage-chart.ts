import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import type { Execution } from '../data/types';
import { formatCost, formatDateTime, formatShortDateTime, formatTokens } from '../format/format';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';

/** Tokens (bars) and cost (line) per finished run, oldest to newest: a small chart. */
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
  @query('.plot') private _el!: HTMLDivElement;
  private _plot: uPlot | null = null;
  private _resize: ResizeObserver | null = null;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    // uPlot's own stylesheet, adopted into this shadow root once.
    if (!this.shadowRoot?.querySelector('style[data-uplot]')) this.updateComplete.then(() => this._addCss());
    // Put back on the page (moved, or kept by a cache): the plot was destroyed on leaving, so draw it again.
    if (this.hasUpdated) void this.updateComplete.then(() => this._draw());
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
    const done = this.runs.filter((r) => r.endTime && (r.status === 'success' || r.status === 'failed')).reverse();
    const xs = done.map((r) => new Date(r.endTime!).getTime() / 1000);
    const tokens = done.map((r) => (r.tokenUsage?.input ?? 0) + (r.tokenUsage?.output ?? 0));
    const cost = done.map((r) => r.costUsd ?? 0);
    const style = getComputedStyle(this);
    const accent = style.getPropertyValue('--ap-accent').trim() || '#4f46e5';
    const text = style.getPropertyValue('--ap-text-3').trim() || '#888';
    const grid = style.getPropertyValue('--ap-border').trim() || '#ddd';
    const width = Math.max(240, this._el.clientWidth);
    this._plot?.destroy();
    const m = t();
    const axis = {
      stroke: text,
      grid: { stroke: grid, width: 1 },
      ticks: { stroke: grid, width: 1 },
      font: '11px system-ui',
    };
    this._plot = new uPlot(
      {
        width,
        height: 160,
        legend: { show: true },
        cursor: { points: { size: 6 } },
        series: [
          // The legend's time and the axis' dates in the app's language, not uPlot's English defaults.
          { label: m.chartTime, value: (_u, v) => (v == null ? '' : formatDateTime(new Date(v * 1000).toISOString())) },
          {
            label: m.tokens,
            stroke: accent,
            fill: /^#[0-9a-f]{6}$/i.test(accent) ? `${accent}40` : accent,
            paths: uPlot.paths.bars!({ size: [0.6, 24] }),
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
            values: (_u, vals) => vals.map((v) => formatShortDateTime(new Date(v * 1000).toISOString())),
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
      [xs, tokens, cost],
      this._el,
    );
    if (!this._resize) {
      this._resize = new ResizeObserver(() =>
        this._plot?.setSize({ width: Math.max(240, this._el.clientWidth), height: 160 }),
      );
      this._resize.observe(this._el);
    }
  }

  override render() {
    return html`<div class="plot" role="img" aria-label=${t().usageOverTime}></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'usage-chart': UsageChart;
  }
}
