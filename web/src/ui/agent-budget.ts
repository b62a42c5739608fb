import { css, html, LitElement, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { client } from '../data/client';
import { ApiError } from '../data/errors';
import type { Agent } from '../data/types';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';
import { notify, notifyError } from './notifier';

/** Reads the field: null for empty (no limit of its own), a number above 0, or undefined when it is not one. */
export function parseBudget(text: string): number | null | undefined {
  const s = text.trim().replace(/^\$/, '').replace(/,/g, '');
  if (s === '') return null;
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(s)) return undefined;
  const usd = Number(s);
  return usd > 0 && Number.isFinite(usd) ? usd : undefined;
}

/** The owner sets or clears an agent's own monthly budget in dollars (`monthlyBudgetUsd`). */
@customElement('agent-budget')
export class AgentBudgetField extends LitElement {
  static override styles = [
    shared,
    css`
      form { display: grid; gap: 6px; }
      .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
      .row input { width: 10em; flex: 0 1 auto; }
      .hint { font-size: 0.82rem; }
    `,
  ];

  @property({ attribute: false }) agent!: Agent;
  @state() private _text = '';
  @state() private _error = '';
  @state() private _saving = false;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Follow the saved value unless the owner is typing a different one.
    const before = changed.get('agent') as Agent | undefined;
    if (changed.has('agent') && (!before || this._text === text(before.monthlyBudgetUsd))) {
      this._text = text(this.agent.monthlyBudgetUsd);
    }
  }

  private async _onSubmit(e: Event) {
    e.preventDefault();
    const usd = parseBudget(this._text);
    if (usd === undefined) {
      this._error = t().agentBudgetInvalid;
      void this.updateComplete.then(() => this.renderRoot.querySelector('input')?.focus());
      return;
    }
    this._saving = true;
    try {
      await client().api.updateAgent(this.agent.id, { monthlyBudgetUsd: usd });
      notify('success', usd === null ? t().agentBudgetCleared : t().agentBudgetSaved);
    } catch (err) {
      if (err instanceof ApiError && err.details.length) this._error = err.details[0]!.message;
      else notifyError(err);
    } finally {
      this._saving = false;
    }
  }

  override render() {
    const m = t();
    const unchanged = parseBudget(this._text) === (this.agent.monthlyBudgetUsd ?? null);
    return html`<form @submit=${this._onSubmit} novalidate>
      <label for="budget">${m.agentBudget}</label>
      <div class="row">
        <input id="budget" type="text" inputmode="decimal" autocomplete="off" placeholder="—" .value=${this._text}
          aria-invalid=${this._error ? 'true' : 'false'} aria-describedby="budget-hint budget-err"
          @input=${(e: Event) => {
            this._text = (e.target as HTMLInputElement).value;
            this._error = '';
          }} />
        <button class="btn" type="submit" ?disabled=${unchanged || this._saving}>${m.agentBudgetSave}</button>
      </div>
      ${this._error ? html`<span class="field-error" id="budget-err">${this._error}</span>` : ''}
      <span class="faint hint" id="budget-hint">${m.agentBudgetHint}</span>
    </form>`;
  }
}

const text = (usd: number | null | undefined) => (usd == null ? '' : String(usd));

declare global {
  interface HTMLElementTagNameMap {
    'agent-budget': AgentBudgetField;
  }
}
