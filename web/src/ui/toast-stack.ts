import { css, html, LitElement } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { t } from '../i18n/messages';
import { shared } from '../styles/shared';
import { type Notice, onNotice } from './notifier';

/**
 * Shows the notifier's messages. Errors are announced assertively (role=alert),
 * confirmations politely; each stays until it times out or is dismissed.
 */
@customElement('toast-stack')
export class ToastStack extends LitElement {
  static override styles = [
    shared,
    css`
      :host {
        position: fixed; z-index: 50; left: 50%; bottom: 16px; transform: translateX(-50%);
        display: grid; gap: 8px; width: min(460px, calc(100vw - 24px));
      }
      .toast {
        display: flex; gap: 10px; align-items: flex-start; padding: 11px 12px 11px 14px;
        border-radius: var(--ap-radius-sm); background: var(--ap-text); color: var(--ap-bg);
        box-shadow: var(--ap-shadow-lg); font-size: 0.92rem;
      }
      .toast.error { background: var(--ap-danger); color: #fff; }
      .toast p { flex: 1; }
      button { background: none; border: 0; color: inherit; font: inherit; cursor: pointer; opacity: 0.8; padding: 0 4px; }
    `,
  ];

  @state() private _notices: Notice[] = [];
  private _off: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this._off = onNotice((n) => {
      this._notices = [...this._notices.slice(-3), n];
      setTimeout(() => this._dismiss(n.id), n.kind === 'error' ? 9000 : 4500);
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._off?.();
  }

  private _dismiss(id: number) {
    this._notices = this._notices.filter((n) => n.id !== id);
  }

  override render() {
    const errors = this._notices.filter((n) => n.kind === 'error');
    const others = this._notices.filter((n) => n.kind !== 'error');
    const toast = (n: Notice) =>
      html`<div class="toast ${n.kind}">
        <p>${n.text}</p>
        <button @click=${() => this._dismiss(n.id)} aria-label=${t().dismiss}>✕</button>
      </div>`;
    return html`<div role="alert">${errors.map(toast)}</div>
      <div role="status" aria-live="polite">${others.map(toast)}</div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'toast-stack': ToastStack;
  }
}
