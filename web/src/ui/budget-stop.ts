import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { type BlockedBy, budgetResetsAt } from '../data/usage';
import { formatDateTime } from '../format/format';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';

/** Says that a budget stopped an agent's runs, which one, and when they resume (the agent's card and page). */
@customElement('budget-stop')
export class BudgetStop extends LitElement {
  static override styles = [
    shared,
    css`
      p {
        margin: 0; padding: 8px 12px; border-radius: var(--ap-radius-sm); font-size: 0.88rem;
        background: var(--ap-danger-soft); color: var(--ap-danger); display: flex; gap: 4px 8px; flex-wrap: wrap;
      }
      strong { font-weight: 650; }
    `,
  ];

  @property({ attribute: false }) reason: BlockedBy | null = null;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  override render() {
    if (!this.reason) return nothing;
    const m = t();
    return html`<p role="status"><strong>${m[`blocked_${this.reason}`]}</strong>
      <span>${m.blockedResumes(formatDateTime(budgetResetsAt()))}</span></p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'budget-stop': BudgetStop;
  }
}
