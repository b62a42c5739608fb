import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LiveQueryController } from '../controllers/live-query-controller';
import { client } from '../data/client';
import type { ApiError } from '../data/errors';
import { userQuery } from '../data/queries';
import type { UserDoc } from '../data/types';
import { type AgentSpend, cents, type Usage } from '../data/usage';
import { formatCost, formatDateTime, formatNumber, formatTokens } from '../format/format';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';
import '../ui/usage-chart';

/**
 * This month's spend in dollars against the budget, the cost of each day, and
 * where it went: each agent (deleted ones by name), the designer, adding up to
 * the total. Every figure comes from one `GET /api/usage` answer, fetched again
 * whenever the live user document says the month's usage moved.
 */
@customElement('usage-page')
export class UsagePage extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: grid; gap: 20px; }
      .card { padding: 20px; display: grid; gap: 14px; min-width: 0; }
      .big { font-size: 2rem; font-weight: 750; letter-spacing: -0.02em; font-variant-numeric: tabular-nums; }
      .meter { height: 12px; border-radius: 999px; background: var(--ap-surface-2); overflow: hidden; display: flex; }
      .meter > .spent { background: var(--ap-accent); transition: width 0.4s; }
      .meter > .held { background: color-mix(in srgb, var(--ap-accent) 35%, transparent); }
      .meter.high > .spent { background: var(--ap-warning); }
      .meter.full > .spent { background: var(--ap-danger); }
      h2.label { font-size: 0.8rem; color: var(--ap-text-3); font-weight: 650; text-transform: uppercase; letter-spacing: 0.03em; }
      dl { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 14px; margin: 0; }
      dt { font-size: 0.75rem; color: var(--ap-text-3); font-weight: 650; text-transform: uppercase; letter-spacing: 0.03em; }
      dd { margin: 2px 0 0; font-weight: 650; font-variant-numeric: tabular-nums; }
      .scroll { overflow-x: auto; }
      table { width: 100%; border-collapse: collapse; font-size: 0.92rem; }
      th, td { text-align: left; padding: 9px 6px; border-bottom: 1px solid var(--ap-border); }
      thead th { font-size: 0.75rem; color: var(--ap-text-3); text-transform: uppercase; letter-spacing: 0.03em; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      tfoot th, tfoot td { font-weight: 700; border-bottom: 0; }
      td.name { overflow-wrap: anywhere; }
      .chip { margin-left: 6px; font-size: 0.72rem; }
      .warn { padding: 10px 12px; border-radius: var(--ap-radius-sm); background: var(--ap-danger-soft); color: var(--ap-danger); margin: 0; }
      .platform { margin: 0; }
    `,
  ];

  @state() private _usage: Usage | null = null;
  @state() private _error: ApiError | null = null;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);
  private readonly _user = new LiveQueryController<UserDoc>(this, () => userQuery(client().session.uid));
  /** The month's usage in the live user document when the figures were last fetched. */
  private _seen: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this._load();
  }

  private _load() {
    client()
      .api.usage()
      .then((u) => {
        this._usage = u;
        this._error = null;
      })
      .catch((err: ApiError) => {
        this._error = err;
      });
  }

  protected override updated(): void {
    // A run or a turn that finishes moves the user document; the breakdown lives on the server.
    const month = this._usage?.month;
    if (!month || this._user.pending) return;
    const now = JSON.stringify(this._user.doc?.usage?.[month] ?? null);
    if (this._seen !== undefined && now !== this._seen) this._load();
    this._seen = now;
  }

  override render() {
    const m = t();
    if (this._error) return html`<h1>${m.usageTitle}</h1><p class="card" role="alert">${this._error.message}</p>`;
    const u = this._usage;
    if (!u) return html`<h1>${m.usageTitle}</h1><p class="faint" aria-busy="true">${m.loading}</p>`;
    return html`
      <h1>${m.usageTitle}</h1>
      ${this._budget(u)}
      <section class="card" aria-labelledby="daily-h">
        <h2 id="daily-h">${m.usageDailyTitle}</h2>
        <usage-chart .daily=${u.daily}></usage-chart>
      </section>
      ${this._breakdown(u)}
    `;
  }

  private _budget(u: Usage) {
    const m = t();
    const b = u.budget;
    const resets = formatDateTime(u.resetsAt);
    const share = (usd: number) => (b.usd > 0 ? Math.min(1, usd / b.usd) : 0);
    const spentShare = share(u.costUsd);
    const heldShare = Math.min(1 - spentShare, share(b.reservedUsd));
    const used = spentShare + heldShare;
    return html`<section class="card" aria-labelledby="budget-h">
      <div>
        <h2 id="budget-h" class="label">${b.kind === 'guest' ? m.usageBudget_guest : m.usageBudget_user}</h2>
        <div class="big">${formatCost(u.costUsd)}</div>
        <p class="muted">${m.usageSpentOf(formatCost(u.costUsd), formatCost(b.usd))}</p>
      </div>
      ${
        b.usd > 0
          ? html`<div class="meter ${used >= 1 ? 'full' : used >= 0.8 ? 'high' : ''}" role="meter" aria-label=${m.usageSpent}
              aria-valuemin="0" aria-valuemax=${b.usd} aria-valuenow=${u.costUsd} aria-valuetext=${m.usageSpentOf(formatCost(u.costUsd), formatCost(b.usd))}>
              <div class="spent" style="width:${(spentShare * 100).toFixed(1)}%"></div>
              <div class="held" style="width:${(heldShare * 100).toFixed(1)}%"></div>
            </div>`
          : nothing
      }
      ${b.remainingUsd <= 0 ? html`<p class="warn" role="status">${m.usageSpentUp(resets)}</p>` : nothing}
      <dl>
        <div><dt>${m.usageSpent}</dt><dd>${formatCost(u.costUsd)}</dd></div>
        <div><dt>${m.usageReserved}</dt><dd>${formatCost(b.reservedUsd)}</dd></div>
        <div><dt>${m.usageRemaining}</dt><dd>${formatCost(Math.max(0, b.remainingUsd))}</dd></div>
        <div><dt>${m.usageResetsOn}</dt><dd>${resets}</dd></div>
      </dl>
      ${b.tokens != null ? html`<p class="muted">${m.usageTokenLimit(formatNumber(u.tokens.total), formatNumber(b.tokens))}</p>` : nothing}
      ${
        u.platform
          ? u.platform.remainingUsd <= 0
            ? html`<p class="warn platform" role="status">${m.usagePlatformSpent(resets)}</p>`
            : html`<p class="muted platform">${m.usagePlatform(formatCost(u.platform.remainingUsd), formatCost(u.platform.usd))}</p>`
          : nothing
      }
    </section>`;
  }

  private _breakdown(u: Usage) {
    const m = t();
    const agents = [...u.byAgent].sort((a, b) => b.costUsd - a.costUsd);
    // What the rows leave out of the total (an answer that does not itemise it all): shown, so they still add up.
    const itemised = agents.reduce((sum, a) => sum + a.costUsd, u.designer.costUsd);
    const other = Math.round((u.costUsd - itemised) * 1e6) / 1e6;
    if (u.costUsd === 0 && agents.length === 0)
      return html`<section class="card" aria-labelledby="where-h"><h2 id="where-h">${m.usageWhere}</h2><p class="muted">${m.usageNothingYet}</p></section>`;
    const tokens = agents.reduce((sum, a) => sum + a.tokens, u.designer.tokens);
    return html`<section class="card" aria-labelledby="where-h">
      <h2 id="where-h">${m.usageWhere}</h2>
      <div class="scroll">
        <table>
          <thead><tr><th>${m.agent}</th><th class="num">${m.usageRuns}</th><th class="num">${m.tokens}</th><th class="num">${m.cost}</th></tr></thead>
          <tbody>
            ${agents.map((a) => this._agentRow(a))}
            <tr class="designer">
              <td class="name">${m.usageDesigner}</td>
              <td class="num">${m.usageTurns(formatNumber(u.designer.turns))}</td>
              <td class="num">${formatTokens(u.designer.tokens)}</td>
              <td class="num">${formatCost(u.designer.costUsd)}</td>
            </tr>
            ${cents(other) > 0 ? html`<tr class="other"><td class="name">${m.usageOther}</td><td></td><td></td><td class="num">${formatCost(other)}</td></tr>` : nothing}
          </tbody>
          <tfoot><tr><th scope="row">${m.usageTotal}</th><td></td><td class="num">${formatTokens(tokens)}</td><td class="num">${formatCost(u.costUsd)}</td></tr></tfoot>
        </table>
      </div>
    </section>`;
  }

  private _agentRow(a: AgentSpend) {
    const m = t();
    return html`<tr class=${a.deleted ? 'deleted' : ''}>
      <td class="name">${
        a.deleted
          ? html`${a.name}<span class="chip">${m.usageDeleted}</span>`
          : html`<a href="/agents/${encodeURIComponent(a.agentId)}">${a.name}</a>`
      }</td>
      <td class="num">${formatNumber(a.runs)}</td>
      <td class="num">${formatTokens(a.tokens)}</td>
      <td class="num">${formatCost(a.costUsd)}</td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'usage-page': UsagePage;
  }
}
