import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LiveQueryController } from '../controllers/live-query-controller';
import type { Usage } from '../data/api';
import { client } from '../data/client';
import type { ApiError } from '../data/errors';
import { agentsQuery, executionsSinceQuery, userQuery } from '../data/queries';
import type { Agent, Execution, UserDoc } from '../data/types';
import { usageByAgent } from '../data/usage';
import { formatCost, formatDateTime, formatNumber, formatTokens, startOfMonthIso } from '../format/format';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';

/** This month's tokens and cost against the budget, and which agents used them. */
@customElement('usage-page')
export class UsagePage extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: grid; gap: 20px; }
      .card { padding: 20px; display: grid; gap: 14px; }
      .big { font-size: 2rem; font-weight: 750; letter-spacing: -0.02em; font-variant-numeric: tabular-nums; }
      .meter { height: 12px; border-radius: 999px; background: var(--ap-surface-2); overflow: hidden; }
      .meter > div { height: 100%; background: var(--ap-accent); border-radius: inherit; transition: width 0.4s; }
      .meter.high > div { background: var(--ap-warning); }
      .meter.full > div { background: var(--ap-danger); }
      .row { display: flex; justify-content: space-between; gap: 12px; flex-wrap: wrap; }
      dl { display: grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap: 14px; margin: 0; }
      dt { font-size: 0.75rem; color: var(--ap-text-3); font-weight: 650; text-transform: uppercase; letter-spacing: 0.03em; }
      dd { margin: 2px 0 0; font-weight: 650; font-variant-numeric: tabular-nums; }
      table { width: 100%; border-collapse: collapse; font-size: 0.92rem; }
      th, td { text-align: left; padding: 9px 6px; border-bottom: 1px solid var(--ap-border); }
      th { font-size: 0.75rem; color: var(--ap-text-3); text-transform: uppercase; letter-spacing: 0.03em; }
      td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
      .warn { padding: 10px 12px; border-radius: var(--ap-radius-sm); background: var(--ap-danger-soft); color: var(--ap-danger); }
    `,
  ];

  @state() private _usage: Usage | null = null;
  @state() private _error: ApiError | null = null;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);
  private readonly _user = new LiveQueryController<UserDoc>(this, () => userQuery(client().session.uid));
  private readonly _agents = new LiveQueryController<Agent>(this, () => agentsQuery(client().session.uid));
  private readonly _runs = new LiveQueryController<Execution>(this, () =>
    executionsSinceQuery(client().session.uid, startOfMonthIso()),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    client()
      .api.usage()
      .then((u) => {
        this._usage = u;
      })
      .catch((err: ApiError) => {
        this._error = err;
      });
  }

  override render() {
    const m = t();
    if (this._error) return html`<h1>${m.usageTitle}</h1><p class="card" role="alert">${this._error.message}</p>`;
    const u = this._usage;
    if (!u) return html`<h1>${m.usageTitle}</h1><p class="faint" aria-busy="true">${m.loading}</p>`;
    // The live user document keeps the figures current while runs finish.
    const live = this._user.doc?.usage?.[u.month];
    const input = live?.input ?? u.tokens.input;
    const output = live?.output ?? u.tokens.output;
    const cost = live?.costUsd ?? u.costUsd;
    const used = input + output;
    const budget = u.budget.tokens ?? 0;
    const share = budget > 0 ? Math.min(1, used / budget) : 0;
    const names = new Map(this._agents.value.map((a) => [a.id, a.name]));
    const rows = [...usageByAgent(this._runs.value).entries()].sort((a, b) => b[1].costUsd - a[1].costUsd);
    return html`
      <h1>${m.usageTitle}</h1>
      <section class="card" aria-labelledby="budget-h">
        <div class="row">
          <div>
            <h2 id="budget-h" class="visually-hidden">${m.usageTitle}</h2>
            <div class="big">${formatCost(cost)}</div>
            <p class="muted">${budget > 0 ? m.usageOf(formatNumber(used), formatNumber(budget)) : m.usageNoBudget}</p>
          </div>
          ${budget > 0 ? html`<p class="muted">${m.usageLeft(formatNumber(Math.max(0, budget - used)))}</p>` : nothing}
        </div>
        ${
          budget > 0
            ? html`<div class="meter ${share >= 1 ? 'full' : share >= 0.8 ? 'high' : ''}" role="meter" aria-valuemin="0" aria-valuemax=${budget} aria-valuenow=${used} aria-label=${m.tokens}>
                <div style="width:${(share * 100).toFixed(1)}%"></div>
              </div>`
            : nothing
        }
        ${share >= 1 ? html`<p class="warn">${m.usageBudgetReached}</p>` : nothing}
        <dl>
          <div><dt>${m.usageInput}</dt><dd>${formatNumber(input)}</dd></div>
          <div><dt>${m.usageOutput}</dt><dd>${formatNumber(output)}</dd></div>
          <div><dt>${m.cost}</dt><dd>${formatCost(cost)}</dd></div>
          <div><dt>${m.resets}</dt><dd>${formatDateTime(u.resetsAt)}</dd></div>
        </dl>
      </section>
      ${
        rows.length
          ? html`<section class="card" aria-labelledby="by-agent-h">
              <h2 id="by-agent-h">${m.usageByAgent}</h2>
              <table>
                <thead><tr><th>${m.agent}</th><th class="num">${m.tokens}</th><th class="num">${m.cost}</th></tr></thead>
                <tbody>
                  ${rows.map(
                    ([id, r]) => html`<tr>
                      <td>${id ? html`<a href="/agents/${encodeURIComponent(id)}">${names.get(id) ?? id}</a>` : m.testRunsLabel}</td>
                      <td class="num">${formatTokens(r.input + r.output)}</td>
                      <td class="num">${formatCost(r.costUsd)}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>
            </section>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'usage-page': UsagePage;
  }
}
