import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Execution } from '../data/types';
import { formatDateTime } from '../format/format';
import { td } from '../i18n/deliveries';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';

type Record = NonNullable<Execution['deliveries']>[number];

/** Where a run's result went and how each delivery fared: sending, sent, or not delivered (why). */
@customElement('delivery-states')
export class DeliveryStates extends LitElement {
  static override styles = [
    shared,
    css`
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
      li { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; font-size: 0.9rem; }
      .what { font-weight: 600; }
      .target { color: var(--ap-text-2); overflow-wrap: anywhere; }
      .state { font-size: 0.8rem; font-weight: 650; padding: 1px 8px; border-radius: 999px; border: 1px solid currentColor; }
      .sent { color: var(--ap-success, #15803d); }
      .failed { color: var(--ap-danger); }
      .pending { color: var(--ap-text-2); }
      .why { flex-basis: 100%; color: var(--ap-text-3); font-size: 0.8rem; overflow-wrap: anywhere; }
    `,
  ];

  @property({ attribute: false }) deliveries: Record[] = [];
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  override render() {
    const m = td();
    if (!this.deliveries.length) return nothing;
    return html`<ul>
      ${this.deliveries.map(
        (d) => html`<li>
          <span class="what">${m[`type_${d.type}`]}</span>
          <span class="target">${d.type === 'push' ? m.thisBrowser : d.target}</span>
          <span class="state ${d.status}">${m[`delivery_${d.status}`]}</span>
          ${d.sentAt ? html`<time class="target" datetime=${d.sentAt}>${formatDateTime(d.sentAt)}</time>` : nothing}
          ${d.attempts > 1 ? html`<span class="target">${m.deliveryAttempts(d.attempts)}</span>` : nothing}
          ${d.status !== 'sent' && d.lastError ? html`<span class="why">${d.lastError}</span>` : nothing}
        </li>`,
      )}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'delivery-states': DeliveryStates;
  }
}
