import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AgentSpec, CostEstimate } from '../data/types';
import { emit } from '../events';
import { formatCost, formatDateTime, zoneLabel } from '../format/format';
import { scheduleInWords, upcomingRuns } from '../format/schedule';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';
import './budget-warning';

/** The designer's current proposal: what the agent is, when it runs; test it or save it. */
@customElement('draft-card')
export class DraftCard extends LitElement {
  static override styles = [
    shared,
    css`
      .card { padding: 18px; display: grid; gap: 16px; }
      .eyebrow { font-size: 0.75rem; font-weight: 700; letter-spacing: 0.05em; text-transform: uppercase; color: var(--ap-accent); }
      h2 { font-size: 1.15rem; overflow-wrap: anywhere; margin-top: 4px; }
      .desc { color: var(--ap-text-2); margin-top: 6px; font-size: 0.92rem; }
      dl { margin: 0; display: grid; gap: 12px; }
      dt { font-size: 0.75rem; font-weight: 650; color: var(--ap-text-3); text-transform: uppercase; letter-spacing: 0.03em; margin-bottom: 4px; }
      dd { margin: 0; }
      dd .budget { display: block; font-size: 0.85rem; margin-top: 2px; }
      budget-warning { display: block; margin-top: 8px; }
      .chips { display: flex; flex-wrap: wrap; gap: 6px; }
      .zone { margin-top: 6px; }
      ol { margin: 6px 0 0; padding-left: 1.2em; color: var(--ap-text-2); font-size: 0.88rem; font-variant-numeric: tabular-nums; }
      details summary { cursor: pointer; font-weight: 600; font-size: 0.9rem; border-radius: 6px; }
      pre {
        white-space: pre-wrap; font-family: inherit; font-size: 0.88rem; margin: 8px 0 0; padding: 10px 12px;
        background: var(--ap-surface-2); border-radius: var(--ap-radius-sm); max-height: 260px; overflow: auto;
      }
      .actions { display: flex; gap: 8px; flex-wrap: wrap; }
      .actions .btn { flex: 1; }
      .empty { padding: 22px 18px; color: var(--ap-text-2); text-align: center; font-size: 0.92rem; }
    `,
  ];

  /** The proposal; `monthlyBudgetUsd` is the agent's own budget the designer proposes from its estimate. */
  @property({ attribute: false }) draft: AgentSpec | null = null;
  @property({ attribute: false }) estimate: CostEstimate | null = null;
  @property({ type: Boolean }) testing = false;
  @property({ type: Boolean }) saving = false;
  @property({ type: Boolean }) disabled = false;
  /** The draft changes an existing agent: saving updates it ("Save changes"). */
  @property({ type: Boolean }) editing = false;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  override render() {
    const m = t();
    const d = this.draft;
    if (!d) return html`<div class="card empty">${m.draftEmpty}</div>`;
    const words = scheduleInWords(d.schedule);
    const next = upcomingRuns(d.schedule, 3);
    const toolLabel = (tool: string) => (m as unknown as Record<string, string>)[`tool_${tool}`] ?? tool;
    return html`<section class="card" aria-labelledby="draft-name">
      <div>
        <div class="eyebrow">${m.draftTitle}</div>
        <h2 id="draft-name">${d.name}</h2>
        ${d.description ? html`<p class="desc">${d.description}</p>` : nothing}
      </div>
      <dl>
        <div>
          <dt>${m.schedule}</dt>
          <dd>${words ?? m.onDemand}
            ${
              next.length && d.schedule
                ? html`<p class="zone faint">${m.timesIn(zoneLabel(d.schedule.timezone))}</p>
                    <ol aria-label=${m.upcoming}>${next.map((n) => html`<li>${formatDateTime(n.toISOString(), undefined, d.schedule?.timezone)}</li>`)}</ol>`
                : nothing
            }
          </dd>
        </div>
        ${
          this.estimate
            ? html`<div>
                <dt>${m.estimate}</dt>
                <dd>${m.perRun(formatCost(this.estimate.perRunUsd))}${
                  this.estimate.perMonthUsd != null
                    ? html` · ${m.perMonth(formatCost(this.estimate.perMonthUsd))}`
                    : nothing
                }
                ${d.monthlyBudgetUsd ? html`<span class="faint budget">${m.estimateAgentBudget(formatCost(d.monthlyBudgetUsd))}</span>` : nothing}</dd>
                <budget-warning .perMonthUsd=${this.estimate.perMonthUsd}></budget-warning>
              </div>`
            : nothing
        }
        <div>
          <dt>${m.tools}</dt>
          <dd class="chips">${d.tools?.length ? d.tools.map((tool) => html`<span class="chip">${toolLabel(tool)}</span>`) : html`<span class="faint">${m.noTools}</span>`}</dd>
        </div>
      </dl>
      <details>
        <summary>${m.showPrompt}</summary>
        <pre>${d.finalAgentPrompt}</pre>
      </details>
      <div class="actions">
        <button class="btn" ?disabled=${this.disabled || this.testing} @click=${() => emit(this, 'ap-test-run', {})}>
          ${this.testing ? html`<span class="spinner" aria-hidden="true"></span>${m.testRunning}` : `▷ ${m.testRun}`}
        </button>
        <button class="btn primary" ?disabled=${this.disabled || this.saving} @click=${() => emit(this, 'ap-save', {})}>
          ${this.saving ? m.saving : this.editing ? m.saveChanges : m.save}
        </button>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'draft-card': DraftCard;
  }
}
