import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ClockController } from '../controllers/clock-controller';
import type { Agent, MonthUsage } from '../data/types';
import { formatCost, formatDateTime, formatRelative, formatTokens } from '../format/format';
import { scheduleInWords } from '../format/schedule';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';
import './budget-stop';
import './status-badge';

/** One agent on the dashboard: status, schedule in words, next and last run, this month's use. */
@customElement('agent-card')
export class AgentCard extends LitElement {
  static override styles = [
    shared,
    css`
      a.card {
        display: grid; gap: 14px; padding: 18px; color: inherit; text-decoration: none; height: 100%;
        transition: border-color 0.15s, box-shadow 0.15s, transform 0.15s;
      }
      a.card:hover { border-color: var(--ap-border-strong); box-shadow: var(--ap-shadow-lg); transform: translateY(-1px); }
      .top { display: flex; gap: 10px; align-items: flex-start; justify-content: space-between; }
      h2 { font-size: 1.05rem; overflow-wrap: anywhere; }
      .desc { color: var(--ap-text-2); font-size: 0.9rem; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
      .sched { display: flex; gap: 8px; align-items: center; font-size: 0.9rem; color: var(--ap-text); font-weight: 550; }
      .sched svg { flex: none; color: var(--ap-text-3); }
      dl { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 10px; margin: 0; padding-top: 12px; border-top: 1px solid var(--ap-border); }
      dt { font-size: 0.75rem; color: var(--ap-text-3); font-weight: 600; text-transform: uppercase; letter-spacing: 0.03em; }
      dd { margin: 2px 0 0; font-size: 0.88rem; font-variant-numeric: tabular-nums; }
      .sub { display: block; color: var(--ap-text-3); font-size: 0.8rem; }
      .run { display: inline-flex; align-items: center; gap: 6px; }
      .dot { width: 8px; height: 8px; border-radius: 50%; background: var(--ap-text-3); flex: none; }
      .dot.success { background: var(--ap-success); }
      .dot.failed { background: var(--ap-danger); }
      .dot.running, .dot.queued { background: var(--ap-info); }
    `,
  ];

  @property({ attribute: false }) agent!: Agent;
  @property({ attribute: false }) month: MonthUsage | undefined;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);
  // Registered for its effect: relative times ("in 2 minutes") stay true while the page is open.
  private readonly _clock = new ClockController(this);

  override render() {
    const m = t();
    const a = this.agent;
    const words = scheduleInWords(a.schedule);
    const last = a.lastRun;
    const statusLabel = last ? (m as unknown as Record<string, string>)[`run_${last.status}`] : '';
    const month = this.month;
    return html`<a class="card" href="/agents/${encodeURIComponent(a.id)}">
      <div class="top">
        <h2>${a.name}</h2>
        <status-badge .status=${a.status}></status-badge>
      </div>
      ${a.description ? html`<p class="desc">${a.description}</p>` : nothing}
      <div class="sched">
        <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/></svg>
        <span>${words ?? m.onDemand}${a.engine === 'workspace' ? ` · ${m.engine_workspace}` : ''}</span>
      </div>
      ${a.blockedBy ? html`<budget-stop .reason=${a.blockedBy}></budget-stop>` : nothing}
      <dl>
        <div>
          <dt>${m.nextRun}</dt>
          <dd>${a.nextRunAt && a.status === 'active' ? html`${formatDateTime(a.nextRunAt)}<span class="sub">${formatRelative(a.nextRunAt, this._clock.now)}</span>` : m.none}</dd>
        </div>
        <div>
          <dt>${m.lastRun}</dt>
          <dd>${
            last
              ? html`<span class="run"><span class="dot ${last.status}" aria-hidden="true"></span>${statusLabel}</span>
                  <span class="sub">${last.endTime ? formatRelative(last.endTime, this._clock.now) : ''}</span>`
              : m.never
          }</dd>
        </div>
        <div>
          <dt>${m.thisMonth}</dt>
          <dd>${formatCost(month?.costUsd ?? 0)}<span class="sub">${m.tokensCount(formatTokens((month?.input ?? 0) + (month?.output ?? 0)))}</span></dd>
        </div>
      </dl>
    </a>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'agent-card': AgentCard;
  }
}
