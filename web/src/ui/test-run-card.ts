import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LiveQueryController } from '../controllers/live-query-controller';
import { client } from '../data/client';
import { executionQuery } from '../data/queries';
import type { Execution } from '../data/types';
import { emit } from '../events';
import { durationMs, formatCost, formatDuration, formatTokens } from '../format/format';
import { formatRunError, formatRunEvent } from '../format/run-event';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';
import './markdown-view';
import './status-badge';

/** A run watched live: its status, latest progress, then its result (a test run in the chat). */
@customElement('test-run-card')
export class TestRunCard extends LitElement {
  static override styles = [
    shared,
    css`
      .card { padding: 14px 16px; display: grid; gap: 10px; border-left: 3px solid var(--ap-accent); }
      .top { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
      .progress { display: flex; align-items: center; gap: 8px; color: var(--ap-text-2); font-size: 0.9rem; }
      .meta { display: flex; gap: 14px; flex-wrap: wrap; }
      .err { color: var(--ap-danger); white-space: pre-wrap; }
    `,
  ];

  @property() executionId = '';
  @property() heading = '';
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);
  private readonly _run = new LiveQueryController<Execution>(this, () =>
    this.executionId ? executionQuery(client().session.uid, this.executionId) : null,
  );

  private _reported: string | null = null;

  protected override updated(): void {
    // Say the status once it is known and whenever it changes; the page decides whether to follow.
    const status = this._run.doc?.status;
    if (!status || status === this._reported) return;
    this._reported = status;
    emit(this, 'ap-run-status', { executionId: this.executionId, status });
  }

  override render() {
    const m = t();
    const run = this._run.doc;
    const status = run?.status ?? 'queued';
    const busy = status === 'queued' || status === 'running';
    const last = run?.events?.at(-1);
    return html`<section class="card" aria-busy=${busy ? 'true' : 'false'}>
      <div class="top">
        <h3>${this.heading || m.testRunTitle}</h3>
        <status-badge kind="run" .status=${status}></status-badge>
      </div>
      ${busy ? html`<p class="progress" role="status"><span class="spinner" aria-hidden="true"></span>${last ? formatRunEvent(last) : m.loading}</p>` : nothing}
      ${run?.status === 'failed' && run.error ? html`<p class="err">${formatRunError(run)}</p>` : nothing}
      ${run?.result ? html`<markdown-view .markdown=${run.result} .topHeading=${4}></markdown-view>` : nothing}
      ${
        run && !busy
          ? html`<p class="meta faint">
              <span>${m.duration} ${formatDuration(durationMs(run.startTime, run.endTime))}</span>
              <span>${m.tokensCount(formatTokens((run.tokenUsage?.input ?? 0) + (run.tokenUsage?.output ?? 0)))}</span>
              <span>${formatCost(run.costUsd)}</span>
            </p>`
          : nothing
      }
      ${this._run.error ? html`<p class="err">${this._run.error.message}</p>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'test-run-card': TestRunCard;
  }
}
