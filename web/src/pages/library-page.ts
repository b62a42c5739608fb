import { css, html, LitElement, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LiveQueryController } from '../controllers/live-query-controller';
import { client } from '../data/client';
import { conversationsQuery } from '../data/queries';
import type { Conversation } from '../data/types';
import { formatRelative } from '../format/format';
import { lib } from '../i18n/library';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { chatPath } from '../state/router';
import { shared } from '../styles/shared';

type Filter = 'all' | 'drafts';

/** The kind of a conversation as the list says it: an unsaved draft, saved as an agent, or talk without a draft. */
function kindOf(c: Conversation): 'draft' | 'saved' | 'talk' {
  if (c.agentId) return 'saved';
  return c.draft ? 'draft' : 'talk';
}

/** The library: every design conversation, newest activity first, live; opening one continues it. */
@customElement('library-page')
export class LibraryPage extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: grid; gap: 18px; }
      .head { display: flex; align-items: flex-end; justify-content: space-between; gap: 12px; flex-wrap: wrap; }
      .head p { margin-top: 4px; max-width: 640px; }
      .actions { display: flex; gap: 8px; flex-wrap: wrap; }
      .filters { display: flex; gap: 6px; border: 0; padding: 0; margin: 0; }
      .filters button[aria-pressed='true'] { background: var(--ap-accent-soft); border-color: var(--ap-accent); color: var(--ap-accent); }
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
      a.row {
        display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 4px 14px; align-items: center; padding: 14px 16px;
        color: var(--ap-text); text-decoration: none;
      }
      a.row:hover { border-color: var(--ap-border-strong); background: var(--ap-surface-2); }
      .title { font-weight: 650; overflow-wrap: anywhere; }
      .when { grid-column: 1; color: var(--ap-text-3); font-size: 0.85rem; }
      .kind { grid-row: 1 / span 2; grid-column: 2; }
      .kind.draft { background: var(--ap-warning-soft); color: var(--ap-warning); }
      .kind.saved { background: var(--ap-success-soft); color: var(--ap-success); }
      .empty { padding: 40px 20px; text-align: center; display: grid; gap: 12px; justify-items: center; }
      .error { padding: 18px; color: var(--ap-danger); }
      @media (max-width: 520px) {
        a.row { grid-template-columns: minmax(0, 1fr); }
        .kind { grid-row: auto; grid-column: 1; justify-self: start; }
      }
    `,
  ];

  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);
  private readonly _conversations = new LiveQueryController<Conversation>(this, () =>
    conversationsQuery(client().session.uid),
  );
  @state() private _filter: Filter = 'all';

  private _row(c: Conversation) {
    const l = lib();
    const kind = kindOf(c);
    const label = kind === 'draft' ? l.kindDraft : kind === 'saved' ? l.kindSaved : l.kindTalk;
    return html`<li>
      <a class="card row" href=${chatPath(c.id)}>
        <span class="title">${c.title || l.untitled}</span>
        <span class="badge kind ${kind}">${label}</span>
        <span class="when"><time datetime=${c.updatedAt}>${l.updated(formatRelative(c.updatedAt))}</time></span>
      </a>
    </li>`;
  }

  override render() {
    const l = lib();
    const list = this._conversations;
    const shown = list.value.filter((c) => this._filter === 'all' || kindOf(c) === 'draft');
    let body: unknown;
    if (list.error) body = html`<p class="card error" role="alert">${list.error.message}</p>`;
    else if (list.pending) body = html`<p class="faint" aria-busy="true">${t().loading}</p>`;
    else if (shown.length === 0)
      body = html`<div class="card empty">
        <p class="muted">${this._filter === 'drafts' ? l.libraryEmptyDrafts : l.libraryEmpty}</p>
        ${this._filter === 'all' ? html`<a class="btn primary" href="/templates">${l.browseTemplates}</a>` : nothing}
      </div>`;
    else body = html`<ul aria-label=${l.libraryTitle}>${shown.map((c) => this._row(c))}</ul>`;
    const filter = (f: Filter, label: string) =>
      html`<button class="btn small" aria-pressed=${this._filter === f ? 'true' : 'false'} @click=${() => {
        this._filter = f;
      }}>${label}</button>`;
    return html`
      <div class="head">
        <div>
          <h1>${l.libraryTitle}</h1>
          <p class="muted">${l.librarySubtitle}</p>
        </div>
        <div class="actions">
          <a class="btn" href="/templates">${l.browseTemplates}</a>
          <a class="btn primary" href="/new">+ ${l.newConversation}</a>
        </div>
      </div>
      <div class="filters" role="group" aria-label=${l.filterLabel}>
        ${filter('all', l.filterAll)} ${filter('drafts', l.filterDrafts)}
      </div>
      ${body}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'library-page': LibraryPage;
  }
}
