import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { client } from '../data/client';
import type { AgentVersion } from '../data/library';
import { formatDateTime } from '../format/format';
import { describeChanges, type FieldChange } from '../format/version-diff';
import { lib } from '../i18n/library';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';
import { notify, notifyError } from './notifier';

/**
 * An agent's version history: each save that changed what it does, with what
 * changed in words (lines of the prompt removed and added, the schedule before
 * and after), and restoring one. Loaded when opened, and again after each save.
 */
@customElement('agent-versions')
export class AgentVersions extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: grid; gap: 12px; }
      .top { display: flex; justify-content: space-between; align-items: center; gap: 10px; flex-wrap: wrap; }
      ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
      li.version { border: 1px solid var(--ap-border); border-radius: var(--ap-radius-sm); padding: 12px 14px; display: grid; gap: 10px; }
      .vhead { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; }
      .vhead h3 { font-size: 0.95rem; }
      .vhead .spacer { flex: 1; }
      .change { display: grid; gap: 4px; }
      .change h4 { margin: 0; font-size: 0.8rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--ap-text-3); }
      .values { display: grid; grid-template-columns: auto minmax(0, 1fr); gap: 2px 10px; font-size: 0.9rem; }
      .values dt { color: var(--ap-text-3); }
      .values dd { margin: 0; overflow-wrap: anywhere; }
      del { color: var(--ap-danger); }
      ins { text-decoration: none; color: var(--ap-success); }
      pre.diff {
        margin: 0; font-family: var(--ap-mono); font-size: 0.82rem; background: var(--ap-surface-2); border-radius: var(--ap-radius-sm);
        padding: 8px 10px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 320px; overflow: auto;
      }
      pre.diff .added { color: var(--ap-success); background: var(--ap-success-soft); display: block; }
      pre.diff .removed { color: var(--ap-danger); background: var(--ap-danger-soft); display: block; }
      pre.diff .same { color: var(--ap-text-2); display: block; }
      .counts { font-size: 0.8rem; color: var(--ap-text-3); }
      dialog {
        border: 1px solid var(--ap-border); border-radius: var(--ap-radius); padding: 22px; max-width: min(440px, calc(100vw - 24px));
        background: var(--ap-surface); color: var(--ap-text); box-shadow: var(--ap-shadow-lg);
      }
      dialog::backdrop { background: rgb(0 0 0 / 40%); }
      dialog p { margin: 10px 0 20px; color: var(--ap-text-2); }
      dialog .actions { display: flex; justify-content: flex-end; gap: 8px; }
    `,
  ];

  @property() agentId = '';
  /** The agent's `updatedAt`: a change means a save, so an open history loads again. */
  @property() updatedAt = '';
  @state() private _open = false;
  @state() private _versions: AgentVersion[] | null = null;
  @state() private _restoring: number | null = null;
  @state() private _confirm: number | null = null;
  @query('dialog') private _dialog!: HTMLDialogElement;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);
  private _loadedAt = '';

  override willUpdate(changed: Map<string, unknown>): void {
    if (this._open && (changed.has('updatedAt') || changed.has('_open')) && this._loadedAt !== this.updatedAt) {
      this._loadedAt = this.updatedAt;
      void this._load();
    }
  }

  private async _load() {
    try {
      this._versions = (await client().api.versions(this.agentId)).versions;
    } catch (err) {
      notifyError(err);
    }
  }

  private _ask(version: number) {
    this._confirm = version;
    this._dialog.showModal();
  }

  private async _onRestore() {
    const version = this._confirm;
    this._dialog.close();
    if (version === null) return;
    this._restoring = version;
    try {
      await client().api.restoreVersion(this.agentId, version);
      notify('success', lib().restored(version));
      // The agent's live document brings a new updatedAt, which loads the history again.
    } catch (err) {
      notifyError(err);
    } finally {
      this._restoring = null;
    }
  }

  private _change(c: FieldChange) {
    const l = lib();
    if (c.kind === 'value') {
      return html`<div class="change"><h4>${c.label}</h4>
        <dl class="values">
          <dt>${l.before}</dt><dd><del>${c.before}</del></dd>
          <dt>${l.after}</dt><dd><ins>${c.after}</ins></dd>
        </dl></div>`;
    }
    return html`<div class="change"><h4>${c.label}
        <span class="counts">· ${l.linesAdded(c.added)}, ${l.linesRemoved(c.removed)}</span></h4>
      <pre class="diff">${c.lines.map(
        (line) =>
          html`<span class=${line.kind}>${line.kind === 'added' ? '+ ' : line.kind === 'removed' ? '− ' : '  '}${line.text}</span>`,
      )}</pre></div>`;
  }

  private _version(v: AgentVersion, previous: AgentVersion | undefined, isCurrent: boolean) {
    const l = lib();
    const note = v.restoredFrom ? l.restoredFrom(v.restoredFrom) : v.version === 1 ? l.created : null;
    return html`<li class="version">
      <div class="vhead">
        <h3>${l.version(v.version)}</h3>
        <time class="faint" datetime=${v.createdAt}>${formatDateTime(v.createdAt)}</time>
        ${isCurrent ? html`<span class="badge success">${l.current}</span>` : nothing}
        ${note ? html`<span class="badge">${note}</span>` : nothing}
        <span class="spacer"></span>
        ${
          isCurrent
            ? nothing
            : html`<button class="btn small" ?disabled=${this._restoring !== null}
                aria-label=${`${l.restore} · ${l.version(v.version)}`} @click=${() => this._ask(v.version)}>
                ${this._restoring === v.version ? html`<span class="spinner" aria-hidden="true"></span>` : '↺'} ${l.restore}
              </button>`
        }
      </div>
      ${previous ? describeChanges(v.changes, previous.agent, v.agent).map((c) => this._change(c)) : nothing}
    </li>`;
  }

  override render() {
    const l = lib();
    const versions = this._versions;
    return html`
      <div class="top">
        <p class="faint">${l.versionsHelp}</p>
        <button class="btn small" aria-expanded=${this._open ? 'true' : 'false'} @click=${() => {
          this._open = !this._open;
        }}>${this._open ? l.hideVersions : l.showVersions}</button>
      </div>
      ${
        !this._open
          ? nothing
          : !versions
            ? html`<p class="faint" aria-busy="true">${t().loading}</p>`
            : versions.length === 0
              ? html`<p class="faint">${l.noVersions}</p>`
              : html`<ol>${versions.map((v, i) => this._version(v, versions[i + 1], i === 0))}</ol>`
      }
      <dialog aria-labelledby="restore-h">
        <h2 id="restore-h">${this._confirm ? l.restoreConfirmTitle(this._confirm) : ''}</h2>
        <p>${l.restoreConfirmBody}</p>
        <div class="actions">
          <button class="btn" autofocus @click=${() => this._dialog.close()}>${l.cancel}</button>
          <button class="btn primary" @click=${this._onRestore}>${l.restore}</button>
        </div>
      </dialog>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'agent-versions': AgentVersions;
  }
}
