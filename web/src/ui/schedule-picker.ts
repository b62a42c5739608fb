import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { Frequency, Schedule } from '../data/types';
import { emit } from '../events';
import { formatDateTime, zoneLabel } from '../format/format';
import { scheduleInWords, upcomingRuns } from '../format/schedule';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const zones = (() => {
  let list: string[] = [];
  try {
    list = Intl.supportedValuesOf('timeZone');
  } catch {
    list = ['UTC', 'Asia/Seoul', 'America/New_York', 'Europe/London'];
  }
  return ['UTC', ...list.filter((z) => z !== 'UTC')];
})();

/**
 * Picks a schedule: presets, or repeats/time/days/cron and a time zone, with the
 * schedule in words and its next runs previewed as it changes. Emits
 * `ap-schedule-change`; `errors` shows the server's or schema's messages inline.
 */
@customElement('schedule-picker')
export class SchedulePicker extends LitElement {
  static override styles = [
    shared,
    css`
      fieldset { border: 0; padding: 0; margin: 0; display: grid; gap: 14px; min-width: 0; }
      legend { font-weight: 600; font-size: 0.88rem; padding: 0; margin-bottom: 8px; }
      .presets { display: flex; gap: 6px; flex-wrap: wrap; }
      /* Wide enough for a zone's whole name (America/Los_Angeles) before a column wraps. */
      .row { display: grid; grid-template-columns: repeat(auto-fit, minmax(190px, 1fr)); gap: 12px; }
      .days { display: flex; gap: 6px; flex-wrap: wrap; }
      .day { position: relative; }
      .day input { position: absolute; opacity: 0; inset: 0; cursor: pointer; margin: 0; }
      .day span {
        display: grid; place-items: center; min-width: 40px; height: 36px; padding: 0 8px; border-radius: 9px;
        border: 1px solid var(--ap-border-strong); font-weight: 600; font-size: 0.88rem;
      }
      .day input:checked + span { background: var(--ap-accent); color: var(--ap-accent-contrast); border-color: var(--ap-accent); }
      .day input:focus-visible + span { box-shadow: var(--ap-focus); }
      .preview { background: var(--ap-surface-2); border-radius: var(--ap-radius-sm); padding: 12px 14px; }
      .preview strong { display: block; margin-bottom: 4px; }
      .preview ol { margin: 0; padding-left: 1.2em; color: var(--ap-text-2); font-size: 0.88rem; font-variant-numeric: tabular-nums; }
      .preview .zone { margin-bottom: 4px; }
      .mono { font-family: var(--ap-mono); }
    `,
  ];

  @property({ attribute: false }) value: Schedule | null = null;
  /** Messages by field (`schedule.time`, `schedule.cron`…). */
  @property({ attribute: false }) errors: Record<string, string> = {};
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  private _set(next: Schedule | null) {
    this.value = next;
    emit(this, 'ap-schedule-change', { schedule: next });
  }

  private _patch(p: Partial<Schedule>) {
    const base: Schedule = this.value ?? { frequency: 'daily', time: '09:00', timezone: browserZone() };
    const next = { ...base, ...p };
    // Keep only the fields the chosen frequency uses, as the API rejects the rest.
    if (next.frequency !== 'weekly') delete next.daysOfWeek;
    else next.daysOfWeek ??= [1];
    if (next.frequency !== 'monthly') delete next.dayOfMonth;
    else next.dayOfMonth ??= 1;
    if (next.frequency !== 'cron') delete next.cron;
    else {
      next.cron ??= '0 9 * * *';
      delete next.time;
    }
    if (next.frequency !== 'cron') next.time ??= '09:00';
    this._set(next);
  }

  private _onFrequency(e: Event) {
    const v = (e.target as HTMLSelectElement).value;
    if (v === 'none') this._set(null);
    else this._patch({ frequency: v as Frequency });
  }

  private _preset(p: Partial<Schedule> & { frequency: Frequency }) {
    const tz = this.value?.timezone ?? browserZone();
    this._set({ timezone: tz, ...p } as Schedule);
  }

  private _toggleDay(day: number, on: boolean) {
    const days = new Set(this.value?.daysOfWeek ?? []);
    if (on) days.add(day);
    else days.delete(day);
    this._patch({ daysOfWeek: [...days].sort((a, b) => a - b) });
  }

  private _err(field: string) {
    const msg = this.errors[`schedule.${field}`] ?? (field === '' ? this.errors.schedule : undefined);
    return msg ? html`<span class="field-error" id="err-${field || 'schedule'}">${msg}</span>` : nothing;
  }

  override render() {
    const m = t();
    const s = this.value;
    const freq = s?.frequency ?? 'none';
    const words = scheduleInWords(s);
    const next = upcomingRuns(s, 5);
    const days = m.weekdaysShort;
    const hourlyMinute = Number((s?.time ?? '00:00').split(':')[1] ?? 0);
    return html`<fieldset>
      <legend>${m.schedule}</legend>
      <div class="presets" role="group" aria-label=${m.presets}>
        <button type="button" class="btn small" @click=${() => this._preset({ frequency: 'weekly', time: '09:00', daysOfWeek: [1, 2, 3, 4, 5] })}>${m.preset_weekdays}</button>
        <button type="button" class="btn small" @click=${() => this._preset({ frequency: 'daily', time: '08:00' })}>${m.preset_daily}</button>
        <button type="button" class="btn small" @click=${() => this._preset({ frequency: 'weekly', time: '08:00', daysOfWeek: [1] })}>${m.preset_monday}</button>
        <button type="button" class="btn small" @click=${() => this._preset({ frequency: 'hourly', time: '00:00' })}>${m.preset_hourly}</button>
      </div>
      <div class="row">
        <div class="field">
          <label for="freq">${m.frequency}</label>
          <select id="freq" @change=${this._onFrequency}>
            <option value="none" ?selected=${freq === 'none'}>${m.scheduleNone}</option>
            ${(['hourly', 'daily', 'weekly', 'monthly', 'cron'] as const).map(
              (f) =>
                html`<option value=${f} ?selected=${freq === f}>${(m as unknown as Record<string, string>)[`freq_${f}`]}</option>`,
            )}
          </select>
        </div>
        ${
          s && s.frequency === 'hourly'
            ? html`<div class="field">
                <label for="minute">${m.minute}</label>
                <input id="minute" type="number" min="0" max="59" .value=${String(hourlyMinute)}
                  aria-invalid=${this.errors['schedule.time'] ? 'true' : 'false'}
                  @change=${(e: Event) => this._patch({ time: `00:${String(Math.min(59, Math.max(0, Number((e.target as HTMLInputElement).value) || 0))).padStart(2, '0')}` })} />
                ${this._err('time')}
              </div>`
            : nothing
        }
        ${
          s && ['daily', 'weekly', 'monthly'].includes(s.frequency)
            ? html`<div class="field">
                <label for="time">${m.time}</label>
                <input id="time" type="time" .value=${s.time ?? '09:00'} aria-invalid=${this.errors['schedule.time'] ? 'true' : 'false'}
                  @change=${(e: Event) => this._patch({ time: (e.target as HTMLInputElement).value })} />
                ${this._err('time')}
              </div>`
            : nothing
        }
        ${
          s?.frequency === 'monthly'
            ? html`<div class="field">
                <label for="dom">${m.dayOfMonth}</label>
                <input id="dom" type="number" min="1" max="31" .value=${String(s.dayOfMonth ?? 1)}
                  @change=${(e: Event) => this._patch({ dayOfMonth: Number((e.target as HTMLInputElement).value) })} />
                ${this._err('dayOfMonth')}
              </div>`
            : nothing
        }
        ${
          s?.frequency === 'cron'
            ? html`<div class="field">
                <label for="cron">${m.cron}</label>
                <input id="cron" class="mono" type="text" .value=${s.cron ?? ''} aria-describedby="cron-help"
                  aria-invalid=${this.errors['schedule.cron'] ? 'true' : 'false'}
                  @input=${(e: Event) => this._patch({ cron: (e.target as HTMLInputElement).value })} />
                <span class="faint" id="cron-help">${m.cronHelp}</span>
                ${this._err('cron')}
              </div>`
            : nothing
        }
        ${
          s
            ? html`<div class="field">
                <label for="tz">${m.timezone}</label>
                <select id="tz" @change=${(e: Event) => this._patch({ timezone: (e.target as HTMLSelectElement).value })}>
                  ${(zones.includes(s.timezone) ? zones : [s.timezone, ...zones]).map((z) => html`<option ?selected=${z === s.timezone}>${z}</option>`)}
                </select>
                ${this._err('timezone')}
              </div>`
            : nothing
        }
      </div>
      ${
        s?.frequency === 'weekly'
          ? html`<div class="field">
              <span class="label" id="days-label">${m.days}</span>
              <div class="days" role="group" aria-labelledby="days-label">
                ${days.map(
                  (
                    d,
                    i,
                  ) => html`<label class="day"><input type="checkbox" .checked=${(s.daysOfWeek ?? []).includes(i + 1)}
                    @change=${(e: Event) => this._toggleDay(i + 1, (e.target as HTMLInputElement).checked)} /><span>${d}</span></label>`,
                )}
              </div>
              ${this._err('daysOfWeek')}
            </div>`
          : nothing
      }
      ${this._err('')}
      <div class="preview" aria-live="polite">
        <strong>${words ?? m.onDemand}</strong>
        ${
          s
            ? next.length
              ? html`<p class="zone faint">${m.timesIn(zoneLabel(s.timezone))}</p>
                  <ol aria-label=${m.upcoming}>${next.map((n) => html`<li>${formatDateTime(n.toISOString(), undefined, s.timezone)}</li>`)}</ol>`
              : html`<span class="faint">${m.previewNone}</span>`
            : nothing
        }
      </div>
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'schedule-picker': SchedulePicker;
  }
}
