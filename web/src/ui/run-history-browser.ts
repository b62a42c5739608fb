import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { client } from '../data/client';
import type { Execution } from '../data/types';
import { lib } from '../i18n/library';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';
import { notifyError } from './notifier';
import './run-history';

/** How many runs a "load older" page brings. */
const PAGE = 20;

/**
 * The run history with paging and search. The newest runs come live from the
 * page (`runs`); older ones are fetched a page at a time from the API with its
 * cursor. Search asks the API (`q`), which looks through every run of the agent,
 * not only those loaded here (docs/api.md "Run history").
 */
@customElement('run-history-browser')
export class RunHistoryBrowser extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: grid; gap: 12px; }
      form { display: flex; gap: 8px; flex-wrap: wrap; }
      form input {
        flex: 1 1 180px; min-width: 0; font: inherit; color: var(--ap-text); background: var(--ap-surface);
        border: 1px solid var(--ap-border-strong); border-radius: var(--ap-radius-sm); padding: 7px 11px;
      }
      .more { justify-self: center; }
      .note { font-size: 0.88rem; color: var(--ap-text-2); overflow-wrap: anywhere; }
    `,
  ];

  @property() agentId = '';
  /** The newest runs, live. */
  @property({ attribute: false }) runs: Execution[] = [];
  @property() openId: string | null = null;
  @state() private _older: Execution[] = [];
  /** Where older pages continue; undefined before the first "load older", null at the end. */
  @state() private _olderCursor: string | null | undefined = undefined;
  @state() private _query = '';
  @state() private _search: { q: string; runs: Execution[]; cursor: string | null } | null = null;
  @state() private _busy = false;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  override connectedCallback(): void {
    super.connectedCallback();
    this.addEventListener('ap-run-opened', this._onRunOpened);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.removeEventListener('ap-run-opened', this._onRunOpened);
  }

  /** Runs marked seen from here already. */
  private readonly _seen = new Set<string>();

  private readonly _onRunOpened = (e: HTMLElementEventMap['ap-run-opened']) => this._markSeen(e.detail);

  /** A finished run shown open has been seen: the dashboard stops calling it new. */
  private _markSeen(run: { id: string; status: string }) {
    if (this._seen.has(run.id) || (run.status !== 'success' && run.status !== 'failed')) return;
    this._seen.add(run.id);
    // Best effort: if it fails, the result only stays marked new on the dashboard.
    client()
      .api.markRunSeen(run.id)
      .catch(() => this._seen.delete(run.id));
  }

  override updated(): void {
    // The run the page opens by itself (the latest) is on screen, so it is seen too.
    const shown = this.runs.find((r) => r.id === this.openId);
    if (shown && !this._search) this._markSeen(shown);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('agentId') && changed.get('agentId') !== undefined) {
      this._older = [];
      this._olderCursor = undefined;
      this._search = null;
      this._query = '';
    }
  }

  private async _loadOlder() {
    this._busy = true;
    try {
      // The first page starts from the newest, to take the API's cursor past what is shown live.
      const first = this._olderCursor === undefined;
      const limit = first ? Math.min(100, this.runs.length + PAGE) : PAGE;
      const page = await client().api.runPage(this.agentId, { limit, cursor: this._olderCursor ?? null });
      const known = new Set([...this.runs, ...this._older].map((r) => r.id));
      this._older = [...this._older, ...page.executions.filter((r) => !known.has(r.id))];
      this._olderCursor = page.nextCursor;
    } catch (err) {
      notifyError(err);
    } finally {
      this._busy = false;
    }
  }

  private async _onSearch(e: Event) {
    e.preventDefault();
    const q = this._query.trim();
    if (!q) {
      this._search = null;
      return;
    }
    await this._searchPage(q, null);
  }

  private async _searchPage(q: string, cursor: string | null) {
    this._busy = true;
    try {
      const page = await client().api.runPage(this.agentId, { limit: PAGE, cursor, q });
      const before = cursor && this._search?.q === q ? this._search.runs : [];
      this._search = { q, runs: [...before, ...page.executions], cursor: page.nextCursor };
    } catch (err) {
      notifyError(err);
    } finally {
      this._busy = false;
    }
  }

  private _onClear() {
    this._query = '';
    this._search = null;
  }

  override render() {
    const l = lib();
    const search = this._search;
    const form = html`<form role="search" @submit=${this._onSearch}>
      <label class="visually-hidden" for="run-q">${l.searchRuns}</label>
      <input id="run-q" type="search" maxlength="200" .value=${this._query} placeholder=${l.searchPlaceholder}
        @input=${(e: Event) => {
          this._query = (e.target as HTMLInputElement).value;
        }} />
      <button class="btn" type="submit" ?disabled=${this._busy}>${l.search}</button>
      ${search ? html`<button class="btn ghost" type="button" @click=${this._onClear}>${l.clearSearch}</button>` : nothing}
    </form>`;
    if (search) {
      return html`${form}
        <p class="note" role="status">${this._busy ? l.searching : search.runs.length ? l.matchesFor(search.q) : l.noMatches}</p>
        ${search.runs.length ? html`<run-history .runs=${search.runs}></run-history>` : nothing}
        ${
          search.cursor
            ? html`<button class="btn more" ?disabled=${this._busy} @click=${() => this._searchPage(search.q, search.cursor)}>
                ${l.searchMore}</button>`
            : nothing
        }`;
    }
    const all = [...this.runs, ...this._older.filter((r) => !this.runs.some((x) => x.id === r.id))];
    // Older runs exist only if the live list is full; the API's cursor says so after the first page.
    const more = this._olderCursor === undefined ? this.runs.length >= 30 : this._olderCursor !== null;
    return html`${this.runs.length ? form : nothing}
      <run-history .runs=${all} .openId=${this.openId}></run-history>
      ${
        more
          ? html`<button class="btn more" ?disabled=${this._busy} @click=${this._loadOlder}>
              ${this._busy ? l.loadingOlder : l.loadOlder}</button>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'run-history-browser': RunHistoryBrowser;
  }
}
