import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { emit } from '../events';
import { formatNumber } from '../format/format';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';
import { shouldSend } from './compose-keys';

/** The most characters one message may have (the server's `chat.maxMessageChars`, counted the same way). */
export const MAX_MESSAGE_CHARS = 10_000;

/**
 * The message box: Enter sends, Shift+Enter adds a line, and Enter while an IME
 * is composing only commits the syllable. Emits `ap-send`.
 */
@customElement('chat-composer')
export class ChatComposer extends LitElement {
  static override styles = [
    shared,
    css`
      form {
        display: flex; gap: 8px; align-items: flex-end; padding: 8px; border: 1px solid var(--ap-border-strong);
        border-radius: var(--ap-radius); background: var(--ap-surface); box-shadow: var(--ap-shadow);
      }
      form:focus-within { border-color: var(--ap-accent); box-shadow: var(--ap-focus); }
      textarea {
        border: 0; padding: 8px 6px; resize: none; max-height: 40vh; min-height: 40px; background: transparent;
        box-shadow: none !important;
      }
      .send { flex: none; width: 40px; height: 40px; min-height: 40px; padding: 0; border-radius: 10px; }
      .hint { margin: 6px 4px 0; }
      .limit { margin: 6px 4px 0; font-size: 0.85rem; }
    `,
  ];

  @property({ type: Boolean }) busy = false;
  /** Asks for changes rather than a new task (editing an agent). */
  @property({ type: Boolean }) editing = false;
  @state() private _text = '';
  @query('textarea') private _area!: HTMLTextAreaElement;
  private _composing = false;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  /** Puts text in the box (an example prompt) and focuses it. */
  fill(text: string) {
    this._text = text;
    void this.updateComplete.then(() => {
      this._grow();
      this._area.focus();
    });
  }

  override focus() {
    this._area?.focus();
  }

  private _grow() {
    const a = this._area;
    a.style.height = 'auto';
    a.style.height = `${a.scrollHeight}px`;
  }

  private _onInput(e: InputEvent) {
    this._text = (e.target as HTMLTextAreaElement).value;
    this._grow();
  }

  private _onKeydown(e: KeyboardEvent) {
    if (e.key === 'Enter' && !e.shiftKey) {
      // Never a newline on plain Enter; whether it sends depends on composition.
      if (shouldSend(e, this._composing)) {
        e.preventDefault();
        this._send();
      } else if (!(this._composing || e.isComposing || e.keyCode === 229)) {
        e.preventDefault();
      }
    }
  }

  /** Characters as the server counts them (code points, so an emoji is one). */
  private get _length(): number {
    return [...this._text].length;
  }

  private _send() {
    const text = this._text.trim();
    // Too long is refused here, in words, with the text kept whole to shorten (never cut silently).
    if (!text || this.busy || this._length > MAX_MESSAGE_CHARS) return;
    emit(this, 'ap-send', { text });
    this._text = '';
    void this.updateComplete.then(() => this._grow());
  }

  private _onSubmit(e: Event) {
    e.preventDefault();
    this._send();
  }

  override render() {
    const m = t();
    const length = this._length;
    const over = length > MAX_MESSAGE_CHARS;
    const near = length > MAX_MESSAGE_CHARS * 0.9;
    return html`<form @submit=${this._onSubmit}>
        <label class="visually-hidden" for="msg">${m.composerLabel}</label>
        <textarea
          id="msg"
          rows="1"
          .value=${this._text}
          placeholder=${this.editing ? m.composerPlaceholderEdit : m.composerPlaceholder}
          aria-invalid=${over ? 'true' : 'false'}
          aria-describedby=${over ? 'limit hint' : 'hint'}
          @input=${this._onInput}
          @keydown=${this._onKeydown}
          @compositionstart=${() => {
            this._composing = true;
          }}
          @compositionend=${() => {
            this._composing = false;
          }}
        ></textarea>
        <button class="btn primary send" type="submit" ?disabled=${this.busy || !this._text.trim() || over} aria-label=${m.send} title=${m.send}>
          ${this.busy ? html`<span class="spinner" aria-hidden="true"></span>` : html`<svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M5 12h14M13 6l6 6-6 6"/></svg>`}
        </button>
      </form>
      ${
        over
          ? html`<p class="limit field-error" id="limit" role="alert">${m.messageTooLong(formatNumber(length), formatNumber(MAX_MESSAGE_CHARS))}</p>`
          : near
            ? html`<p class="limit faint">${m.messageLength(formatNumber(length), formatNumber(MAX_MESSAGE_CHARS))}</p>`
            : nothing
      }
      <p class="hint faint" id="hint">${m.composerHint}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chat-composer': ChatComposer;
  }
}
