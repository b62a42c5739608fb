import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Execution } from '../data/types';
import { emit } from '../events';
import {
  durationMs,
  formatCost,
  formatDateTime,
  formatDuration,
  formatShortDateTime,
  formatTokens,
} from '../format/format';
import { formatRunError } from '../format/run-event';
import { td } from '../i18n/deliveries';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';
import './delivery-states';
import './markdown-view';
import './run-files';
import './run-log';
import './status-badge';

/** An agent's runs, newest first; each opens to its result, log and error. Live while a run goes. */
@customElement('run-history')
export class RunHistory extends LitElement {
  static override styles = [
    shared,
    css`
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
      li { border: 1px solid var(--ap-border); border-radius: var(--ap-radius-sm); background: var(--ap-surface); }
      button.row {
        all: unset; box-sizing: border-box; width: 100%; cursor: pointer; display: grid; align-items: center; gap: 12px;
        grid-template-columns: 110px minmax(0, 1.4fr) repeat(3, minmax(0, 1fr)) 16px; padding: 11px 14px;
        font-size: 0.9rem; font-variant-numeric: tabular-nums; border-radius: var(--ap-radius-sm);
      }
      button.row:focus-visible { box-shadow: var(--ap-focus); }
      button.row:hover { background: var(--ap-surface-2); }
      .num { text-align: right; color: var(--ap-text-2); }
      .chev { transition: transform 0.15s; color: var(--ap-text-3); }
      [aria-expanded='true'] .chev { transform: rotate(90deg); }
      .detail { padding: 4px 16px 16px; display: grid; gap: 14px; border-top: 1px solid var(--ap-border); }
      .detail h4 { margin: 12px 0 6px; font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--ap-text-3); }
      .err { color: var(--ap-danger); white-space: pre-wrap; }
      .empty { padding: 22px; text-align: center; color: var(--ap-text-2); border: 1px dashed var(--ap-border-strong); border-radius: var(--ap-radius); }
      .sub { color: var(--ap-text-3); font-size: 0.8rem; }
      .when { white-space: nowrap; }
      @media (max-width: 640px) {
        button.row { grid-template-columns: auto minmax(0, 1fr) auto 16px; gap: 8px; padding: 10px 10px; }
        .hide-sm { display: none; }
      }
      /* A phone: the status and the date on one line; the cost is in the run's detail. */
      @media (max-width: 420px) {
        button.row { grid-template-columns: auto minmax(0, 1fr) 16px; }
        .hide-xs { display: none; }
      }
    `,
  ];

  @property({ attribute: false }) runs: Execution[] = [];
  /** A run to show opened (the one "Run now" just started). */
  @property() openId: string | null = null;
  @state() private _open = new Set<string>();
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  private _toggle(id: string) {
    const next = new Set(this._open);
    if (next.has(id) || (this.openId === id && !this._open.has(`closed:${id}`))) {
      next.delete(id);
      next.add(`closed:${id}`);
    } else {
      next.add(id);
      next.delete(`closed:${id}`);
      const run = this.runs.find((r) => r.id === id);
      if (run) emit(this, 'ap-run-opened', { id, status: run.status });
    }
    this._open = next;
  }

  private _isOpen(id: string) {
    return this._open.has(id) || (this.openId === id && !this._open.has(`closed:${id}`));
  }

  private _detail(r: Execution) {
    const m = t();
    const events = r.events ?? [];
    return html`<div class="detail" id="run-${r.id}">
      ${r.result ? html`<div><h4>${m.result}</h4><markdown-view .markdown=${r.result} .topHeading=${5}></markdown-view></div>` : nothing}
      ${r.error ? html`<div><h4>${m.error}</h4><p class="err">${formatRunError(r)}</p></div>` : nothing}
      ${r.deliveries?.length ? html`<div><h4>${td().deliveries}</h4><delivery-states .deliveries=${r.deliveries}></delivery-states></div>` : nothing}
      ${r.artifacts?.length ? html`<div><h4>${m.files}</h4><run-files .executionId=${r.id} .files=${r.artifacts}></run-files></div>` : nothing}
      ${events.length ? html`<div><h4>${m.log}</h4><run-log .events=${events} ?running=${r.status === 'running'}></run-log></div>` : nothing}
      <p class="sub">${(m as unknown as Record<string, string>)[`trigger_${r.trigger}`] ?? r.trigger}${r.model ? ` · ${r.model}` : ''}${
        r.endTime
          ? ` · ${m.tokensCount(formatTokens((r.tokenUsage?.input ?? 0) + (r.tokenUsage?.output ?? 0)))} · ${formatCost(r.costUsd)}`
          : ''
      }</p>
    </div>`;
  }

  override render() {
    const m = t();
    if (!this.runs.length) return html`<p class="empty">${m.noRuns}</p>`;
    return html`<ul>
      ${this.runs.map((r) => {
        const open = this._isOpen(r.id);
        const tokens = (r.tokenUsage?.input ?? 0) + (r.tokenUsage?.output ?? 0);
        const busy = r.status === 'running' || r.status === 'queued';
        // The next scheduled run exists ahead of time as a queued execution: show it as upcoming.
        const upcoming = r.status === 'queued' && Date.parse(r.scheduledFor ?? '') > Date.now() + 60_000;
        return html`<li>
          <button class="row" aria-expanded=${open ? 'true' : 'false'} aria-controls="run-${r.id}" @click=${() => this._toggle(r.id)}>
            <status-badge kind="run" .status=${upcoming ? 'scheduled' : r.status}></status-badge>
            <time class="when" datetime=${r.startTime ?? r.scheduledFor ?? ''} title=${formatDateTime(r.startTime ?? r.scheduledFor)}>${formatShortDateTime(r.startTime ?? r.scheduledFor)}</time>
            <span class="num hide-sm">${busy ? '…' : formatDuration(durationMs(r.startTime, r.endTime))}</span>
            <span class="num hide-sm">${formatTokens(tokens)}</span>
            <span class="num hide-xs">${formatCost(r.costUsd)}</span>
            <span class="chev" aria-hidden="true">›</span>
          </button>
          ${open ? this._detail(r) : nothing}
        </li>`;
      })}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'run-history': RunHistory;
  }
}
