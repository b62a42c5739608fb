import models from '@agent-platform/config/models.json';
import { type CostEstimate, type EstimatedSpec, estimateCost } from '@agent-platform/core/chat';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { formatCost, formatNumber } from '../format/format';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';
import './budget-warning';

/**
 * What an agent being edited will likely cost a month, recomputed as its
 * schedule, model, tools or prompt change: the same estimate the designer gives
 * (packages/core, config/models.json prices), with a warning when it would use
 * more than a fifth of the person's budget.
 */
@customElement('cost-estimate')
export class CostEstimateView extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: grid; gap: 8px; }
      .label { font-size: 0.75rem; font-weight: 650; color: var(--ap-text-3); text-transform: uppercase; letter-spacing: 0.03em; }
      .figure { font-weight: 650; font-variant-numeric: tabular-nums; }
      .basis { font-size: 0.82rem; }
    `,
  ];

  @property({ attribute: false }) spec: EstimatedSpec | null = null;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  override render() {
    if (!this.spec) return nothing;
    const m = t();
    const e = estimate(this.spec);
    if (!e) return nothing;
    const runs = e.runsPerMonth === null ? null : formatNumber(Math.round(e.runsPerMonth));
    return html`<div class="label" id="estimate-label">${m.estimate}</div>
      <div class="figure" aria-labelledby="estimate-label" aria-live="polite">
        ${e.perMonthUsd === null ? m.estimateOnDemand(formatCost(e.perRunUsd)) : m.estimateMonthly(formatCost(e.perMonthUsd), runs!)}
      </div>
      <div class="faint basis">${m.estimateBasis_estimate}</div>
      <budget-warning .perMonthUsd=${e.perMonthUsd}></budget-warning>`;
  }
}

/** The estimate, or null while the schedule being typed cannot be read yet (a half-written cron). */
function estimate(spec: EstimatedSpec): CostEstimate | null {
  try {
    return estimateCost(models, spec, new Date());
  } catch {
    return null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'cost-estimate': CostEstimateView;
  }
}
