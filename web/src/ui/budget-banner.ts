import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Agent } from '../data/types';
import { budgetResetsAt } from '../data/usage';
import { formatDateTime } from '../format/format';
import { t } from '../i18n/messages';
import { getLocale, LocaleController } from '../state/locale';
import { shared } from '../styles/shared';

/**
 * The dashboard's word that budgets have stopped runs: the platform's, the
 * person's own, or named agents' own budgets, each with the day runs resume.
 */
@customElement('budget-banner')
export class BudgetBanner extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: block; }
      ul { list-style: none; margin: 0 0 18px; padding: 0; display: grid; gap: 8px; }
      li {
        padding: 12px 14px; border-radius: var(--ap-radius-sm); border: 1px solid color-mix(in srgb, var(--ap-danger) 30%, transparent);
        background: var(--ap-danger-soft); color: var(--ap-danger); font-size: 0.92rem;
      }
      a { color: inherit; font-weight: 650; }
    `,
  ];

  @property({ attribute: false }) agents: Agent[] = [];
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  override render() {
    const m = t();
    const stopped = (reason: Agent['blockedBy']) => this.agents.filter((a) => a.blockedBy === reason);
    const date = formatDateTime(budgetResetsAt());
    const own = stopped('agent_budget');
    const lines = [
      stopped('platform_budget').length ? html`<li class="platform">${m.bannerPlatformBudget(date)}</li>` : null,
      stopped('user_budget').length ? html`<li class="user">${m.bannerUserBudget(date)}</li>` : null,
      own.length
        ? html`<li class="agent">${m.bannerAgentBudget(
            new Intl.ListFormat(getLocale() === 'ko' ? 'ko-KR' : 'en-US', { type: 'conjunction' }).format(
              own.map((a) => a.name),
            ),
            date,
          )}</li>`
        : null,
    ].filter((line) => line !== null);
    if (!lines.length) return nothing;
    return html`<ul role="status" aria-live="polite">${lines}</ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'budget-banner': BudgetBanner;
  }
}
