import { exceedsBudgetShare } from '@agent-platform/core/chat';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { monthlyBudgetUsd } from '../data/budget';
import { formatCost } from '../format/format';
import { t } from '../i18n/messages';
import { getLocale, LocaleController } from '../state/locale';
import { shared } from '../styles/shared';

/** Warns when an agent's monthly cost would use more than a fifth of the person's monthly budget. */
@customElement('budget-warning')
export class BudgetWarning extends LitElement {
  static override styles = [
    shared,
    css`
      .warn {
        margin: 0; padding: 9px 12px; border-radius: var(--ap-radius-sm); font-size: 0.88rem;
        background: var(--ap-warning-soft); color: var(--ap-warning);
      }
    `,
  ];

  /** The estimated monthly cost; null (no schedule) never warns. */
  @property({ attribute: false }) perMonthUsd: number | null = null;
  @state() private _budgetUsd: number | null = null;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    void monthlyBudgetUsd().then((usd) => {
      this._budgetUsd = usd;
    });
  }

  override render() {
    const budget = this._budgetUsd;
    if (budget === null || !exceedsBudgetShare(this.perMonthUsd, budget)) return nothing;
    const m = t();
    const share = this.perMonthUsd! / budget;
    if (share > 1) return html`<p class="warn" role="status">⚠ ${m.estimateWarnOver(formatCost(budget))}</p>`;
    const percent = new Intl.NumberFormat(getLocale() === 'ko' ? 'ko-KR' : 'en-US', {
      style: 'percent',
      maximumFractionDigits: 0,
    }).format(share);
    return html`<p class="warn" role="status">⚠ ${m.estimateWarn(percent, formatCost(budget))}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'budget-warning': BudgetWarning;
  }
}
