import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { client } from '../data/client';
import type { Template } from '../data/library';
import { scheduleInWords } from '../format/schedule';
import { lib } from '../i18n/library';
import { t } from '../i18n/messages';
import { getLocale, LocaleController } from '../state/locale';
import { chatPath, navigate } from '../state/router';
import { shared } from '../styles/shared';
import { notifyError } from '../ui/notifier';

/** The template gallery: complete agents to start the designer with, in the reader's language. */
@customElement('templates-page')
export class TemplatesPage extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: grid; gap: 18px; }
      .head p { margin-top: 4px; max-width: 680px; }
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 14px; grid-template-columns: repeat(auto-fill, minmax(min(100%, 300px), 1fr)); }
      li.card { padding: 16px; display: grid; gap: 10px; align-content: start; }
      h2 { font-size: 1.02rem; }
      .when { color: var(--ap-text-2); font-size: 0.86rem; }
      .tools { display: flex; gap: 6px; flex-wrap: wrap; }
      .use { justify-self: start; margin-top: 4px; }
      .error { padding: 18px; color: var(--ap-danger); }
    `,
  ];

  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);
  @state() private _templates: Template[] | null = null;
  @state() private _error: string | null = null;
  @state() private _starting: string | null = null;
  private _loadedFor: string | null = null;

  override willUpdate(): void {
    // The gallery is in the reader's language: load it again when the language changes.
    const locale = getLocale();
    if (this._loadedFor !== locale) {
      this._loadedFor = locale;
      void this._load(locale);
    }
  }

  private async _load(locale: string) {
    try {
      const { templates } = await client().api.templates(locale);
      if (this._loadedFor === locale) {
        this._templates = templates;
        this._error = null;
      }
    } catch (err) {
      this._error = err instanceof Error ? err.message : String(err);
    }
  }

  private async _onUse(template: Template) {
    this._starting = template.id;
    try {
      const { conversationId } = await client().api.startFromTemplate(template.id, getLocale());
      navigate(chatPath(conversationId));
    } catch (err) {
      notifyError(err);
    } finally {
      this._starting = null;
    }
  }

  override render() {
    const l = lib();
    let body: unknown;
    if (this._error) body = html`<p class="card error" role="alert">${this._error}</p>`;
    else if (!this._templates) body = html`<p class="faint" aria-busy="true">${t().loading}</p>`;
    else
      body = html`<ul>
        ${this._templates.map(
          (tpl) => html`<li class="card">
            <h2 id="tpl-${tpl.id}">${tpl.title}</h2>
            <p class="muted">${tpl.description}</p>
            <p class="when">${scheduleInWords(tpl.agent.schedule) ?? l.onDemand}</p>
            ${
              tpl.agent.tools.length
                ? html`<div class="tools">${tpl.agent.tools.map((tool) => html`<span class="chip">${l[`tool_${tool}`]}</span>`)}</div>`
                : nothing
            }
            <button class="btn primary use" aria-describedby="tpl-${tpl.id}" ?disabled=${this._starting !== null}
              @click=${() => this._onUse(tpl)}>
              ${this._starting === tpl.id ? html`<span class="spinner" aria-hidden="true"></span> ${l.usingTemplate}` : l.useTemplate}
            </button>
          </li>`,
        )}
      </ul>`;
    return html`
      <div class="head">
        <h1>${l.templatesTitle}</h1>
        <p class="muted">${l.templatesSubtitle}</p>
      </div>
      ${body}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'templates-page': TemplatesPage;
  }
}
