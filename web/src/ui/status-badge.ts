import { html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { AgentStatus, RunStatus } from '../data/types';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';

/** A coloured pill for an agent's status or a run's status. */
@customElement('status-badge')
export class StatusBadge extends LitElement {
  static override styles = [shared];
  /** A run's status, or `scheduled` for a queued run whose time has not come. */
  @property() status: AgentStatus | RunStatus | 'scheduled' = 'draft';
  @property() kind: 'agent' | 'run' = 'agent';
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  override render() {
    const m = t() as unknown as Record<string, string>;
    const label = m[`${this.kind === 'agent' ? 'status' : 'run'}_${this.status}`] ?? this.status;
    return html`<span class="badge ${this.status}">${label}</span>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'status-badge': StatusBadge;
  }
}
