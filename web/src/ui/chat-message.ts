import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { type ChatMessage, isInterrupted, type MessagePart } from '../data/types';
import { chatErrorText } from '../format/model-reason';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';
import './markdown-view';
import './test-run-card';

/**
 * One chat message. The user's text is shown as text; the designer's reply is
 * model output, so its text parts go through the sanitising markdown view.
 */
@customElement('chat-message')
export class ChatMessageView extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: flex; gap: 10px; }
      :host([role-user]) { justify-content: flex-end; }
      .avatar {
        flex: none; width: 30px; height: 30px; border-radius: 9px; display: grid; place-items: center; font-size: 14px;
        background: var(--ap-accent-soft); color: var(--ap-accent); margin-top: 2px;
      }
      .body { display: grid; gap: 10px; min-width: 0; max-width: min(680px, 100%); }
      .bubble { padding: 10px 14px; border-radius: 16px; }
      .user .bubble {
        background: var(--ap-accent); color: var(--ap-accent-contrast); border-bottom-right-radius: 6px;
        white-space: pre-wrap;
      }
      .assistant .bubble { background: var(--ap-surface); border: 1px solid var(--ap-border); border-top-left-radius: 6px; }
      .note { display: inline-flex; align-items: center; gap: 6px; font-size: 0.85rem; color: var(--ap-accent); font-weight: 600; }
      .err { color: var(--ap-danger); }
    `,
  ];

  @property({ attribute: false }) message!: ChatMessage;
  @property({ type: Boolean }) streaming = false;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  override updated() {
    this.toggleAttribute('role-user', this.message?.role === 'user');
  }

  private _part(p: MessagePart) {
    switch (p.type) {
      case 'text':
        return p.data.text
          ? html`<div class="bubble"><markdown-view .markdown=${p.data.text}></markdown-view></div>`
          : nothing;
      case 'agent_draft':
        return html`<span class="note">✦ ${t().draftTitle}: ${p.data.draft?.name ?? ''}</span>`;
      case 'test_run':
        return html`<test-run-card .executionId=${p.data.executionId}></test-run-card>`;
      case 'error':
        return html`<div class="bubble err" role="alert">${chatErrorText(p.data)}</div>`;
      default:
        return nothing;
    }
  }

  override render() {
    const msg = this.message;
    const m = t();
    if (msg.role === 'user') {
      return html`<div class="body user" aria-label=${m.you}><div class="bubble">${msg.content}</div></div>`;
    }
    const parts = msg.parts?.length ? msg.parts : [{ type: 'text', data: { text: msg.content } } as MessagePart];
    const visible = parts.filter((p) => p.type !== 'status');
    const hasText = visible.length > 0;
    const interrupted = isInterrupted(msg);
    return html`<span class="avatar" aria-hidden="true">✦</span>
      <div class="body assistant" aria-label=${m.designer} aria-busy=${this.streaming ? 'true' : 'false'}>
        ${hasText ? visible.map((p) => this._part(p)) : interrupted ? nothing : html`<div class="bubble faint">${m.thinking}</div>`}
        ${interrupted ? html`<div class="bubble err" role="alert">${m.replyInterrupted}</div>` : nothing}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-message': ChatMessageView;
  }
}
