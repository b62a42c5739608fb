import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { LiveQueryController } from '../controllers/live-query-controller';
import { client } from '../data/client';
import { agentQuery, executionQuery } from '../data/queries';
import type { Agent, Execution } from '../data/types';
import { durationMs, formatCost, formatDateTime, formatDuration, formatTokens } from '../format/format';
import { formatRunError } from '../format/run-event';
import { td } from '../i18n/deliveries';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { agentPath } from '../state/router';
import { shared } from '../styles/shared';
import '../ui/delivery-states';
import '../ui/markdown-view';
import '../ui/run-files';
import '../ui/run-log';
import '../ui/status-badge';

/** One run on its own page, live: what every delivery links to. Result, error, numbers and where it was sent. */
@customElement('run-page')
export class RunPage extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: grid; gap: 18px; }
      .head { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
      h1 { overflow-wrap: anywhere; }
      section.card { padding: 18px; display: grid; gap: 12px; }
      dl { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 10px; margin: 0; }
      dt { font-size: 0.75rem; color: var(--ap-text-3); font-weight: 650; text-transform: uppercase; }
      dd { margin: 2px 0 0; font-variant-numeric: tabular-nums; }
      .err { color: var(--ap-danger); white-space: pre-wrap; overflow-wrap: anywhere; }
      .center { padding: 48px 16px; text-align: center; }
    `,
  ];

  @property() executionId = '';
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);
  private readonly _run = new LiveQueryController<Execution>(this, () =>
    executionQuery(client().session.uid, this.executionId),
  );
  // The agent's name, once the run says which agent it is (none for a test run of a draft).
  private readonly _agent = new LiveQueryController<Agent>(this, () => {
    const agentId = this._run.doc?.agentId;
    return agentId ? agentQuery(client().session.uid, agentId) : null;
  });

  override render() {
    const m = t();
    const d = td();
    const run = this._run.doc;
    if (this._run.pending) return html`<p class="faint" aria-busy="true">${m.loading}</p>`;
    if (!run)
      return html`<a class="back" href="/">← ${m.back}</a><div class="card center"><h1>${d.runNotFound}</h1></div>`;
    const agent = this._agent.doc;
    const tokens = (run.tokenUsage?.input ?? 0) + (run.tokenUsage?.output ?? 0);
    return html`
      ${run.agentId ? html`<a class="back" href=${agentPath(run.agentId)}>← ${agent?.name ?? d.openAgent}</a>` : html`<a class="back" href="/">← ${m.back}</a>`}
      <div class="head">
        <h1>${agent?.name ?? d.runTitle}</h1>
        <status-badge kind="run" .status=${run.status}></status-badge>
      </div>
      <section class="card">
        <dl>
          <div><dt>${d.started}</dt><dd>${formatDateTime(run.startTime ?? run.scheduledFor)}</dd></div>
          <div><dt>${d.duration}</dt><dd>${formatDuration(durationMs(run.startTime, run.endTime))}</dd></div>
          <div><dt>${m.totalTokens}</dt><dd>${formatTokens(tokens)}</dd></div>
          <div><dt>${m.totalCost}</dt><dd>${formatCost(run.costUsd)}</dd></div>
        </dl>
        ${run.result ? html`<div><h2>${m.result}</h2><markdown-view .markdown=${run.result}></markdown-view></div>` : nothing}
        ${run.error ? html`<div><h2>${m.error}</h2><p class="err">${formatRunError(run)}</p></div>` : nothing}
      </section>
      ${
        run.artifacts?.length
          ? html`<section class="card" aria-labelledby="files-h"><h2 id="files-h">${m.files}</h2>
              <run-files .executionId=${run.id} .files=${run.artifacts}></run-files></section>`
          : nothing
      }
      ${
        run.events?.length
          ? html`<section class="card" aria-labelledby="log-h"><h2 id="log-h">${m.log}</h2>
              <run-log .events=${run.events} ?running=${run.status === 'running'}></run-log></section>`
          : nothing
      }
      ${
        run.deliveries?.length
          ? html`<section class="card" aria-labelledby="deliv-h"><h2 id="deliv-h">${d.deliveries}</h2>
              <delivery-states .deliveries=${run.deliveries}></delivery-states></section>`
          : nothing
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'run-page': RunPage;
  }
}
