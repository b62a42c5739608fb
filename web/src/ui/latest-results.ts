import { isNewResult } from '@agent-platform/core/runs';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { LiveQueryController } from '../controllers/live-query-controller';
import { client } from '../data/client';
import type { ResultViews } from '../data/library';
import { latestResultsQuery, resultViewsQuery } from '../data/queries';
import type { Agent, Execution } from '../data/types';
import { formatRelative } from '../format/format';
import { resultFileName, resultMarkdown } from '../format/result-markdown';
import { formatRunError } from '../format/run-event';
import { lib } from '../i18n/library';
import { LocaleController } from '../state/locale';
import { agentPath } from '../state/router';
import { shared } from '../styles/shared';
import './markdown-view';
import './status-badge';
import { notify, notifyError } from './notifier';

/**
 * The dashboard's latest results: the user's most recently finished runs, live,
 * each marked "new" until the user opens, copies or downloads it (the seen-state
 * is one document per user, `resultViews/{uid}`, read live too).
 */
@customElement('latest-results')
export class LatestResults extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: grid; gap: 12px; }
      .top { display: flex; justify-content: space-between; align-items: center; gap: 10px; flex-wrap: wrap; }
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
      li { border: 1px solid var(--ap-border); border-radius: var(--ap-radius-sm); background: var(--ap-surface); padding: 12px 14px; display: grid; gap: 10px; }
      li.new { border-color: var(--ap-accent); box-shadow: inset 3px 0 0 var(--ap-accent); }
      .line { display: flex; gap: 8px 10px; align-items: center; flex-wrap: wrap; }
      .name { font-weight: 650; color: var(--ap-text); overflow-wrap: anywhere; }
      .when { color: var(--ap-text-3); font-size: 0.85rem; }
      .new-badge { background: var(--ap-accent); color: var(--ap-accent-contrast); }
      .new-badge::before { display: none; }
      .preview { color: var(--ap-text-2); font-size: 0.9rem; overflow: hidden; display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow-wrap: anywhere; }
      .actions { display: flex; gap: 6px; flex-wrap: wrap; }
      .body { border-top: 1px solid var(--ap-border); padding-top: 10px; }
      .err { color: var(--ap-danger); white-space: pre-wrap; }
      .empty { padding: 18px; text-align: center; color: var(--ap-text-2); border: 1px dashed var(--ap-border-strong); border-radius: var(--ap-radius); }
    `,
  ];

  /** The user's agents, to name each result's agent. */
  @property({ attribute: false }) agents: Agent[] = [];
  /** False while the dashboard shows only its newest agents: a missing one may just not be loaded. */
  @property({ attribute: false }) allAgents = true;
  @state() private _open = new Set<string>();
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);
  private readonly _results = new LiveQueryController<Execution>(this, () => latestResultsQuery(client().session.uid));
  private readonly _views = new LiveQueryController<ResultViews>(this, () => resultViewsQuery(client().session.uid));
  /** Marked seen in this view already (the live document catches up a moment later). */
  private readonly _seenHere = new Set<string>();

  private _name(run: Execution): string {
    const name = this.agents.find((a) => a.id === run.agentId)?.name;
    return name ?? (this.allAgents ? lib().deletedAgent : lib().agentNotShown);
  }

  private _isNew(run: Execution): boolean {
    return !this._seenHere.has(run.id) && isNewResult(run, this._views.doc ?? null);
  }

  private _seen(run: Execution) {
    if (!this._isNew(run)) return;
    this._seenHere.add(run.id);
    this.requestUpdate();
    client()
      .api.markRunSeen(run.id)
      .catch((err) => {
        this._seenHere.delete(run.id);
        this.requestUpdate();
        notifyError(err);
      });
  }

  private _toggle(run: Execution) {
    const next = new Set(this._open);
    if (next.has(run.id)) next.delete(run.id);
    else next.add(run.id);
    this._open = next;
    this._seen(run);
  }

  private async _copy(run: Execution) {
    this._seen(run);
    try {
      await navigator.clipboard.writeText(resultMarkdown(run, this._name(run)));
      notify('success', lib().copied);
    } catch {
      notify('error', lib().copyFailed);
    }
  }

  private _download(run: Execution) {
    this._seen(run);
    const blob = new Blob([resultMarkdown(run, this._name(run))], { type: 'text/markdown;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = resultFileName(this._name(run), run.endTime);
    document.body.append(a);
    a.click();
    a.remove();
    // The download has its own copy; the URL can go once the click is handled.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  private async _markAll() {
    for (const run of this._visible()) this._seenHere.add(run.id);
    this.requestUpdate();
    try {
      await client().api.markAllResultsSeen();
    } catch (err) {
      this._seenHere.clear();
      this.requestUpdate();
      notifyError(err);
    }
  }

  /** Finished runs of agents (a draft's test run lives in its conversation). */
  private _visible(): Execution[] {
    return this._results.value.filter((r) => r.agentId && r.trigger !== 'test').slice(0, 8);
  }

  private _item(run: Execution) {
    const l = lib();
    const open = this._open.has(run.id);
    const isNew = this._isNew(run);
    const preview =
      run.status === 'failed' ? formatRunError(run) : (run.result ?? '').replace(/[#*_`>|-]+/g, ' ').trim();
    return html`<li class=${isNew ? 'new' : ''}>
      <div class="line">
        ${isNew ? html`<span class="badge new-badge">${l.newBadge}</span>` : nothing}
        <a class="name" href=${agentPath(run.agentId ?? '')}>${this._name(run)}</a>
        <status-badge kind="run" .status=${run.status}></status-badge>
        <time class="when" datetime=${run.endTime ?? ''}>${l.ended(formatRelative(run.endTime))}</time>
      </div>
      ${!open && preview ? html`<p class="preview">${preview}</p>` : nothing}
      ${
        open
          ? html`<div class="body" id="result-${run.id}">
              ${run.status === 'failed' ? html`<p class="err">${formatRunError(run)}</p>` : html`<markdown-view .markdown=${run.result ?? ''}></markdown-view>`}
            </div>`
          : nothing
      }
      <div class="actions">
        <button class="btn small" aria-expanded=${open ? 'true' : 'false'} aria-controls="result-${run.id}" @click=${() => this._toggle(run)}>
          ${open ? l.hideResult : l.showResult}</button>
        <button class="btn small" @click=${() => this._copy(run)}>${l.copyMarkdown}</button>
        <button class="btn small" @click=${() => this._download(run)}>${l.download}</button>
      </div>
    </li>`;
  }

  override render() {
    const l = lib();
    if (this._results.pending) return nothing;
    const runs = this._visible();
    const anyNew = runs.some((r) => this._isNew(r));
    return html`
      <div class="top">
        <h2 id="latest-h">${l.latestTitle}</h2>
        ${anyNew ? html`<button class="btn small" @click=${this._markAll}>${l.markAllSeen}</button>` : nothing}
      </div>
      ${
        this._results.error
          ? html`<p class="field-error" role="alert">${this._results.error.message}</p>`
          : runs.length === 0
            ? html`<p class="empty">${l.latestEmpty}</p>`
            : html`<ul aria-labelledby="latest-h">${runs.map((r) => this._item(r))}</ul>`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'latest-results': LatestResults;
  }
}
