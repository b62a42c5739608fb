import models from '@agent-platform/config/models.json';
import { ENGINES } from '@agent-platform/core/agent';
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { client } from '../data/client';
import { ApiError } from '../data/errors';
import type { Agent, AgentSpec, Schedule, ToolName } from '../data/types';
import { validateAgentPatch } from '../data/validate';
import type { AppEvent } from '../events';
import { t } from '../i18n/messages';
import { holdLeaveGuard } from '../state/leave-guard';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';
import { notify, notifyError } from './notifier';
import './cost-estimate';
import './schedule-picker';

const TOOLS: ToolName[] = ['web_search', 'web_fetch', 'code_execution'];
type Editable = Required<
  Pick<AgentSpec, 'name' | 'description' | 'finalAgentPrompt' | 'tools' | 'model' | 'engine'>
> & {
  schedule: Schedule | null;
};

/**
 * Edits every writable field of an agent. Messages from the shared schema (in the
 * browser) or from the server's `details` appear next to the field they name.
 */
@customElement('agent-form')
export class AgentForm extends LitElement {
  static override styles = [
    shared,
    css`
      form { display: grid; gap: 18px; }
      /* The model column is as wide as its longest name, so the choice is never cut off. */
      .two { display: grid; grid-template-columns: minmax(0, 1fr) max-content; gap: 14px; }
      .tools { display: flex; gap: 8px; flex-wrap: wrap; }
      .tool { display: inline-flex; align-items: center; gap: 8px; padding: 7px 12px; border: 1px solid var(--ap-border-strong); border-radius: 9px; cursor: pointer; font-size: 0.9rem; }
      .tool:has(input:checked) { border-color: var(--ap-accent); background: var(--ap-accent-soft); }
      .tool input { accent-color: var(--ap-accent); margin: 0; }
      .engines { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 8px; }
      .engine { display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; padding: 10px 12px; border: 1px solid var(--ap-border-strong); border-radius: 9px; cursor: pointer; }
      .engine:has(input:checked) { border-color: var(--ap-accent); background: var(--ap-accent-soft); }
      .engine input { accent-color: var(--ap-accent); margin: 3px 0 0; grid-row: span 2; }
      .engine .hint { font-size: 0.84rem; }
      textarea.prompt { min-height: 180px; font-size: 0.92rem; }
      .count { justify-self: end; }
      .actions { display: flex; justify-content: flex-end; gap: 8px; }
      hr { border: 0; border-top: 1px solid var(--ap-border); margin: 0; width: 100%; }
      @media (max-width: 640px) { .two { grid-template-columns: 1fr; } }
    `,
  ];

  @property({ attribute: false }) agent!: Agent;
  @state() private _value: Editable | null = null;
  @state() private _errors: Record<string, string> = {};
  @state() private _saving = false;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);
  private _releaseGuard: (() => void) | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    // Leaving with edits not saved asks first (leave-guard.ts).
    this._releaseGuard = holdLeaveGuard(() => this._value !== null && Object.keys(this._changes()).length > 0);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._releaseGuard?.();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Start from the agent; a live update (a restored version, another tab) replaces the values
    // only while the person has changed nothing, so it never overwrites what they are typing.
    const before = changed.get('agent') as Agent | undefined;
    if (!changed.has('agent') || !this.agent) return;
    const untouched = !this._value || !before || JSON.stringify(this._value) === JSON.stringify(editable(before));
    if (untouched || before?.id !== this.agent.id) this._value = editable(this.agent);
  }

  private _set<K extends keyof Editable>(key: K, v: Editable[K]) {
    if (!this._value) return;
    this._value = { ...this._value, [key]: v };
    // Editing a field clears its message (for the schedule, all of its sub-fields' messages).
    this._errors = Object.fromEntries(
      Object.entries(this._errors).filter(([k]) => k !== key && !(key === 'schedule' && k.startsWith('schedule'))),
    );
  }

  private _changes(): Partial<AgentSpec> {
    const v = this._value!;
    const a = this.agent;
    const patch: Partial<AgentSpec> = {};
    if (v.name !== a.name) patch.name = v.name;
    if (v.description !== (a.description ?? '')) patch.description = v.description;
    if (v.finalAgentPrompt !== a.finalAgentPrompt) patch.finalAgentPrompt = v.finalAgentPrompt;
    if (JSON.stringify(v.tools) !== JSON.stringify(a.tools ?? [])) patch.tools = v.tools;
    if (v.model !== (a.model ?? models.defaultModel)) patch.model = v.model;
    if (v.engine !== (a.engine ?? 'messages')) patch.engine = v.engine;
    if (JSON.stringify(v.schedule) !== JSON.stringify(a.schedule ?? null)) patch.schedule = v.schedule;
    return patch;
  }

  private async _onSubmit(e: Event) {
    e.preventDefault();
    const patch = this._changes();
    if (Object.keys(patch).length === 0) return;
    const errors = validateAgentPatch(patch);
    this._errors = errors;
    if (Object.keys(errors).length) return this._focusFirstError();
    this._saving = true;
    try {
      await client().api.updateAgent(this.agent.id, patch);
      notify('success', t().changesSaved);
    } catch (err) {
      if (err instanceof ApiError && err.details.length) {
        this._errors = Object.fromEntries(err.details.map((d) => [d.field, d.message]));
        this._focusFirstError();
      } else notifyError(err);
    } finally {
      this._saving = false;
    }
  }

  private _focusFirstError() {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  private _error(field: string) {
    const msg = this._errors[field];
    return msg ? html`<span class="field-error" id="err-${field}">${msg}</span>` : nothing;
  }

  private _invalid(field: string) {
    return this._errors[field] ? 'true' : 'false';
  }

  override render() {
    const v = this._value;
    if (!v) return nothing;
    const m = t();
    const dirty = Object.keys(this._changes()).length > 0;
    const scheduleErrors = Object.fromEntries(Object.entries(this._errors).filter(([k]) => k.startsWith('schedule')));
    return html`<form @submit=${this._onSubmit} novalidate>
      <div class="two">
        <div class="field">
          <label for="name">${m.name}</label>
          <input id="name" type="text" maxlength="100" .value=${v.name} aria-invalid=${this._invalid('name')} aria-describedby="err-name"
            @input=${(e: Event) => this._set('name', (e.target as HTMLInputElement).value)} />
          ${this._error('name')}
        </div>
        <div class="field">
          <label for="model">${m.model}</label>
          <select id="model" aria-invalid=${this._invalid('model')} @change=${(e: Event) => this._set('model', (e.target as HTMLSelectElement).value)}>
            ${Object.entries(models.models).map(([id, info]) => html`<option value=${id} ?selected=${id === v.model}>${info.label}</option>`)}
          </select>
          ${this._error('model')}
        </div>
      </div>
      <div class="field">
        <label for="desc">${m.description}</label>
        <textarea id="desc" rows="2" maxlength="2000" .value=${v.description} aria-invalid=${this._invalid('description')}
          @input=${(e: Event) => this._set('description', (e.target as HTMLTextAreaElement).value)}></textarea>
        ${this._error('description')}
      </div>
      <div class="field">
        <label for="prompt">${m.prompt}</label>
        <textarea id="prompt" class="prompt" maxlength="20000" .value=${v.finalAgentPrompt} aria-invalid=${this._invalid('finalAgentPrompt')}
          @input=${(e: Event) => this._set('finalAgentPrompt', (e.target as HTMLTextAreaElement).value)}></textarea>
        <span class="faint count">${v.finalAgentPrompt.length.toLocaleString()} / 20,000</span>
        ${this._error('finalAgentPrompt')}
      </div>
      <div class="field">
        <span class="label" id="tools-label">${m.tools}</span>
        <div class="tools" role="group" aria-labelledby="tools-label">
          ${TOOLS.map(
            (tool) => html`<label class="tool"><input type="checkbox" .checked=${v.tools.includes(tool)}
              @change=${(e: Event) => this._set('tools', (e.target as HTMLInputElement).checked ? [...v.tools, tool] : v.tools.filter((x) => x !== tool))} />
              ${(m as unknown as Record<string, string>)[`tool_${tool}`]}</label>`,
          )}
        </div>
        ${this._error('tools')}
      </div>
      <div class="field">
        <span class="label" id="engine-label">${m.engine}</span>
        <div class="engines" role="radiogroup" aria-labelledby="engine-label">
          ${ENGINES.map(
            (
              engine,
            ) => html`<label class="engine"><input type="radio" name="engine" value=${engine} .checked=${v.engine === engine}
              aria-describedby="engine-hint-${engine}" @change=${() => this._set('engine', engine)} />
              <strong>${engine === 'workspace' ? m.engine_workspace : m.engine_messages}</strong>
              <span class="faint hint" id="engine-hint-${engine}">${engine === 'workspace' ? m.engine_workspace_hint : m.engine_messages_hint}</span></label>`,
          )}
        </div>
        ${this._error('engine')}
      </div>
      <hr />
      <schedule-picker .value=${v.schedule} .errors=${scheduleErrors}
        @ap-schedule-change=${(e: AppEvent<'ap-schedule-change'>) => this._set('schedule', e.detail.schedule)}></schedule-picker>
      <cost-estimate .spec=${v}></cost-estimate>
      <div class="actions">
        <button class="btn primary" type="submit" ?disabled=${!dirty || this._saving}>${this._saving ? m.saving : m.saveChanges}</button>
      </div>
    </form>`;
  }
}

/** The form's values for an agent as it is. */
function editable(a: Agent): Editable {
  return {
    name: a.name,
    description: a.description ?? '',
    finalAgentPrompt: a.finalAgentPrompt,
    tools: a.tools ?? [],
    model: a.model ?? models.defaultModel,
    engine: a.engine ?? 'messages',
    schedule: a.schedule ?? null,
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'agent-form': AgentForm;
  }
}
