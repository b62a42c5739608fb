import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ClockController } from '../controllers/clock-controller';
import { LiveQueryController } from '../controllers/live-query-controller';
import { client } from '../data/client';
import { agentExecutionsQuery, agentQuery } from '../data/queries';
import type { Agent, Execution } from '../data/types';
import { formatCost, formatDateTime, formatNumber, formatRelative, formatTokens } from '../format/format';
import { scheduleInWords } from '../format/schedule';
import { td } from '../i18n/deliveries';
import { lib } from '../i18n/library';
import { t } from '../i18n/messages';
import { getLocale, LocaleController } from '../state/locale';
import { setPageMeta } from '../state/page-meta';
import { agentChatPath, agentPath, navigate } from '../state/router';
import { shared } from '../styles/shared';
import { notify, notifyError } from '../ui/notifier';
import '../ui/agent-budget';
import '../ui/agent-form';
import '../ui/agent-versions';
import '../ui/budget-stop';
import '../ui/delivery-editor';
import '../ui/run-history-browser';
import '../ui/status-badge';
import '../ui/usage-chart';

/** One agent: its numbers, run now, pause/resume, delete, run history live, and every field to edit. */
@customElement('agent-page')
export class AgentPage extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: grid; gap: 22px; }
      .head { display: flex; gap: 16px; align-items: flex-start; justify-content: space-between; flex-wrap: wrap; }
      .title { display: grid; gap: 6px; min-width: 0; }
      .title-row { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
      h1 { overflow-wrap: anywhere; }
      .actions { display: flex; gap: 8px; flex-wrap: wrap; }
      .stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 12px; }
      .stat { padding: 14px 16px; }
      .stat dt { font-size: 0.75rem; color: var(--ap-text-3); font-weight: 650; text-transform: uppercase; letter-spacing: 0.03em; }
      .stat dd { margin: 4px 0 0; font-size: 1.15rem; font-weight: 650; font-variant-numeric: tabular-nums; }
      .stat .sub { display: block; font-size: 0.8rem; color: var(--ap-text-3); font-weight: 500; }
      section.card { padding: 18px; display: grid; gap: 14px; }
      .cols { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 22px; align-items: start; }
      dialog {
        border: 1px solid var(--ap-border); border-radius: var(--ap-radius); padding: 22px; max-width: min(420px, calc(100vw - 24px));
        background: var(--ap-surface); color: var(--ap-text); box-shadow: var(--ap-shadow-lg);
      }
      dialog::backdrop { background: rgb(0 0 0 / 40%); }
      dialog p { margin: 10px 0 20px; color: var(--ap-text-2); }
      dialog .actions { justify-content: flex-end; }
      .center { padding: 48px 16px; text-align: center; display: grid; gap: 12px; justify-items: center; }
      @media (max-width: 980px) { .cols { grid-template-columns: minmax(0, 1fr); } }
    `,
  ];

  @property() agentId = '';
  @state() private _busy: 'run' | 'status' | 'delete' | 'duplicate' | null = null;
  @state() private _openRun: string | null = null;
  @query('dialog') private _dialog!: HTMLDialogElement;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);
  private readonly _clock = new ClockController(this);
  private readonly _agent = new LiveQueryController<Agent>(this, () => agentQuery(client().session.uid, this.agentId));
  private readonly _runs = new LiveQueryController<Execution>(this, () =>
    agentExecutionsQuery(client().session.uid, this.agentId),
  );
  private _deleting = false;

  private async _act<T>(kind: 'run' | 'status' | 'delete' | 'duplicate', fn: () => Promise<T>): Promise<T | undefined> {
    this._busy = kind;
    try {
      return await fn();
    } catch (err) {
      notifyError(err);
      return undefined;
    } finally {
      this._busy = null;
    }
  }

  private async _onRunNow() {
    const res = await this._act('run', () => client().api.runAgent(this.agentId));
    if (res) {
      this._openRun = res.executionId;
      notify('info', t().runStarted);
    }
  }

  private async _onDuplicate(agent: Agent) {
    const copy = await this._act('duplicate', () => client().api.duplicateAgent(agent.id, getLocale()));
    if (copy) {
      notify('success', lib().duplicated(copy.name));
      navigate(agentPath(copy.id));
    }
  }

  private async _onToggle(agent: Agent) {
    const status = agent.status === 'active' ? 'inactive' : 'active';
    const res = await this._act('status', () => client().api.updateAgent(agent.id, { status }));
    if (res) notify('success', status === 'active' ? t().resumed : t().paused);
  }

  private async _onDelete(agent: Agent) {
    this._dialog.close();
    this._deleting = true;
    const ok = await this._act('delete', () =>
      client()
        .api.deleteAgent(agent.id)
        .then(() => true),
    );
    if (ok) {
      notify('success', t().deleted(agent.name));
      navigate('/');
    } else this._deleting = false;
  }

  protected override updated(): void {
    const agent = this._agent.doc;
    const title = this._agent.pending ? '' : agent ? agent.name : t().notFound;
    setPageMeta({ title, section: 'dashboard' });
  }

  /**
   * The run shown open: the one "Run now" just started, else the newest that has begun
   * (a run still going after a reload stays open), not the next scheduled one waiting ahead.
   */
  private _shownRun(runs: Execution[]): string | null {
    if (this._openRun) return this._openRun;
    const begun = runs.find((r) => !upcoming(r, this._clock.now));
    return begun?.id ?? null;
  }

  override render() {
    const m = t();
    const agent = this._agent.doc;
    const back = html`<a class="back" href="/">← ${m.back}</a>`;
    if (this._agent.pending) return html`${back}<p class="faint" aria-busy="true">${m.loading}</p>`;
    const refused = this._agent.error?.code === 'permission_denied';
    if (this._agent.error && !refused)
      return html`${back}<p class="card center" role="alert">${this._agent.error.message}</p>`;
    // Someone else's agent reads as missing, as the API answers 404 for it.
    if (!agent || refused)
      return this._deleting ? nothing : html`${back}<div class="card center"><h1>${m.notFound}</h1></div>`;
    const runs = this._runs.value;
    const tokens = (agent.totalTokenUsage?.input ?? 0) + (agent.totalTokenUsage?.output ?? 0);
    const active = agent.status === 'active';
    return html`
      ${back}
      <div class="head">
        <div class="title">
          <div class="title-row"><h1>${agent.name}</h1><status-badge .status=${agent.status}></status-badge></div>
          <p class="muted">${scheduleInWords(agent.schedule) ?? m.onDemand}${agent.engine === 'workspace' ? ` · ${m.engine_workspace}` : ''}</p>
        </div>
        <div class="actions">
          <button class="btn primary" ?disabled=${this._busy !== null} @click=${this._onRunNow}>
            ${this._busy === 'run' ? html`<span class="spinner" aria-hidden="true"></span>` : '▶'} ${m.runNow}
          </button>
          <a class="btn" href=${agentChatPath(agent.id)}><span aria-hidden="true">✦</span> ${m.editWithDesigner}</a>
          <button class="btn" ?disabled=${this._busy !== null} @click=${() => this._onToggle(agent)}>${active ? m.pause : m.resume}</button>
          <button class="btn" ?disabled=${this._busy !== null} @click=${() => this._onDuplicate(agent)}>${lib().duplicate}</button>
          <button class="btn danger" ?disabled=${this._busy !== null} @click=${() => this._dialog.showModal()}>${m.delete}</button>
        </div>
      </div>
      ${agent.blockedBy ? html`<budget-stop .reason=${agent.blockedBy}></budget-stop>` : nothing}
      <dl class="stats">
        <div class="card stat"><dt>${m.nextRun}</dt><dd>${active && agent.nextRunAt ? html`${formatDateTime(agent.nextRunAt)}<span class="sub">${formatRelative(agent.nextRunAt, this._clock.now)}</span>` : m.none}</dd></div>
        <div class="card stat"><dt>${m.runCount}</dt><dd>${formatNumber(agent.runCount ?? 0)}</dd></div>
        <div class="card stat"><dt>${m.totalTokens}</dt><dd>${formatTokens(tokens)}</dd></div>
        <div class="card stat"><dt>${m.totalCost}</dt><dd>${formatCost(agent.costUsd)}</dd></div>
      </dl>
      <div class="cols">
        <section class="card" aria-labelledby="runs-h">
          <h2 id="runs-h">${m.runs}</h2>
          ${runs.filter((r) => r.endTime).length >= 2 ? html`<usage-chart .runs=${runs}></usage-chart>` : nothing}
          ${this._runs.error ? html`<p class="field-error">${this._runs.error.message}</p>` : nothing}
          <run-history-browser .agentId=${agent.id} .runs=${runs} .openId=${this._shownRun(runs)}></run-history-browser>
        </section>
        <section class="card" aria-labelledby="settings-h">
          <h2 id="settings-h">${m.settings}</h2>
          <agent-form .agent=${agent}></agent-form>
          <agent-budget .agent=${agent}></agent-budget>
        </section>
      </div>
      <section class="card" aria-labelledby="deliveries-h">
        <h2 id="deliveries-h">${td().deliveries}</h2>
        <delivery-editor .agent=${agent}></delivery-editor>
      </section>
      <section class="card" aria-labelledby="versions-h">
        <h2 id="versions-h">${lib().versionsTitle}</h2>
        <agent-versions .agentId=${agent.id} .updatedAt=${agent.updatedAt}></agent-versions>
      </section>
      <dialog aria-labelledby="del-h">
        <h2 id="del-h">${m.deleteConfirmTitle}</h2>
        <p>${m.deleteConfirmBody(agent.name)}</p>
        <div class="actions">
          <button class="btn" autofocus @click=${() => this._dialog.close()}>${m.cancel}</button>
          <button class="btn danger solid" @click=${() => this._onDelete(agent)}>${m.delete}</button>
        </div>
      </dialog>
    `;
  }
}

/** A queued run whose time is still ahead: the next scheduled run, not yet begun. */
function upcoming(run: Execution, now: number): boolean {
  return run.status === 'queued' && Date.parse(run.scheduledFor ?? '') > now + 60_000;
}

declare global {
  interface HTMLElementTagNameMap {
    'agent-page': AgentPage;
  }
}
