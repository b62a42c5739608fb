import { DELIVERIES_MAX, type Delivery, WEBHOOK_FORMATS, type WebhookFormat } from '@agent-platform/core/agent';
import { css, html, LitElement, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { client } from '../data/client';
import { subscribeThisBrowser } from '../data/push';
import type { Agent } from '../data/types';
import { td } from '../i18n/deliveries';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';
import { notify, notifyError } from './notifier';

type Kind = Delivery['type'];
type On = 'success' | 'failure';

/**
 * An agent's deliveries (where its results go): each with "send a test" and
 * remove, and a form to add a webhook, an e-mail or this browser's
 * notifications. Every change is saved at once (`PATCH /api/agents/{id}`); the
 * server checks addresses, so its refusal is what the person sees.
 */
@customElement('delivery-editor')
export class DeliveryEditor extends LitElement {
  static override styles = [
    shared,
    css`
      :host { display: grid; gap: 12px; }
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 8px; }
      li { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; border: 1px solid var(--ap-border); border-radius: var(--ap-radius-sm); padding: 10px 12px; }
      .what { font-weight: 650; }
      .target { color: var(--ap-text-2); overflow-wrap: anywhere; min-width: 0; flex: 1 1 160px; }
      .on { color: var(--ap-text-3); font-size: 0.85rem; }
      .row-actions { display: flex; gap: 6px; margin-left: auto; }
      form { display: grid; gap: 10px; }
      .fields { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; }
      .fields label { display: grid; gap: 4px; font-size: 0.85rem; flex: 1 1 140px; min-width: 0; }
      .fields label.wide { flex: 3 1 220px; }
      input[type='url'], input[type='email'], select { width: 100%; box-sizing: border-box; }
      fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: 12px; flex-wrap: wrap; font-size: 0.85rem; }
      .hint { color: var(--ap-text-2); font-size: 0.9rem; margin: 0; }
    `,
  ];

  @property({ attribute: false }) agent: Agent | null = null;
  @state() private _kind: Kind = 'webhook';
  @state() private _url = '';
  @state() private _format: WebhookFormat = 'json';
  @state() private _email = '';
  @state() private _on = new Set<On>(['success', 'failure']);
  @state() private _busy: string | null = null;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  private get _list(): Delivery[] {
    return this.agent?.deliveries ?? [];
  }

  private async _save(next: Delivery[]): Promise<boolean> {
    if (!this.agent) return false;
    await client().api.updateAgent(this.agent.id, { deliveries: next });
    notify('success', td().saved);
    return true;
  }

  private async _busyWith(key: string, fn: () => Promise<unknown>) {
    this._busy = key;
    try {
      await fn();
    } catch (err) {
      notifyError(err);
    } finally {
      this._busy = null;
    }
  }

  private _onRemove(index: number) {
    void this._busyWith(`remove-${index}`, () => this._save(this._list.filter((_, i) => i !== index)));
  }

  private _onTest(index: number) {
    const agent = this.agent;
    if (!agent) return;
    void this._busyWith(`test-${index}`, async () => {
      await client().api.testDelivery(agent.id, index);
      notify('success', td().testSent);
    });
  }

  private _onAdd(e: Event) {
    e.preventDefault();
    const on = (['success', 'failure'] as const).filter((o) => this._on.has(o));
    void this._busyWith('add', async () => {
      const { api } = client();
      let delivery: Delivery;
      if (this._kind === 'webhook') delivery = { type: 'webhook', url: this._url.trim(), format: this._format, on };
      else if (this._kind === 'email') {
        const email = this._email.trim().toLowerCase();
        // Mail goes only to confirmed addresses: an unconfirmed one gets its link first.
        const { addresses } = await api.emailAddresses();
        if (!addresses.some((a) => a.email === email && a.confirmed)) {
          const added = await api.addEmailAddress(email);
          if (!added.confirmed) {
            notify('info', td().confirmSent(email));
            return;
          }
        }
        delivery = { type: 'email', to: email, on };
      } else {
        const setup = await subscribeThisBrowser(api);
        if (setup !== 'subscribed') {
          notify('error', setup === 'denied' ? td().pushDenied : td().pushUnsupported);
          return;
        }
        delivery = { type: 'push', on };
      }
      if (await this._save([...this._list, delivery])) {
        this._url = '';
        this._email = '';
      }
    });
  }

  private _toggleOn(on: On, checked: boolean) {
    const next = new Set(this._on);
    if (checked) next.add(on);
    else next.delete(on);
    this._on = next;
  }

  private _describe(d: Delivery) {
    const m = td();
    if (d.type === 'webhook') return `${m[`format_${d.format}`]} · ${d.url}`;
    if (d.type === 'email') return d.to;
    return m.thisBrowser;
  }

  override render() {
    const m = td();
    const list = this._list;
    const full = list.length >= DELIVERIES_MAX;
    return html`
      <p class="hint">${m.deliveriesHint}</p>
      ${
        list.length
          ? html`<ul>
              ${list.map(
                (d, i) => html`<li>
                  <span class="what">${m[`type_${d.type}`]}</span>
                  <span class="target">${this._describe(d)}</span>
                  <span class="on">${d.on.map((o) => m[`on_${o}`]).join(' · ')}</span>
                  <span class="row-actions">
                    <button class="btn small" ?disabled=${this._busy !== null} @click=${() => this._onTest(i)}>${m.sendTest}</button>
                    <button class="btn small danger" ?disabled=${this._busy !== null} @click=${() => this._onRemove(i)}>${m.remove}</button>
                  </span>
                </li>`,
              )}
            </ul>`
          : html`<p class="hint">${m.noDeliveries}</p>`
      }
      ${
        full
          ? html`<p class="hint">${m.max(DELIVERIES_MAX)}</p>`
          : html`<form @submit=${this._onAdd}>
              <div class="fields">
                <label>${m.kind}
                  <select .value=${this._kind} @change=${(e: Event) => (this._kind = (e.target as HTMLSelectElement).value as Kind)}>
                    <option value="webhook">${m.type_webhook}</option>
                    <option value="email">${m.type_email}</option>
                    <option value="push">${m.type_push}</option>
                  </select>
                </label>
                ${
                  this._kind === 'webhook'
                    ? html`<label class="wide">${m.url}
                          <input type="url" required placeholder="https://hooks.slack.com/services/…" .value=${this._url}
                            @input=${(e: Event) => (this._url = (e.target as HTMLInputElement).value)} /></label>
                        <label>${m.format}
                          <select .value=${this._format} @change=${(e: Event) => (this._format = (e.target as HTMLSelectElement).value as WebhookFormat)}>
                            ${WEBHOOK_FORMATS.map((f) => html`<option value=${f}>${m[`format_${f}`]}</option>`)}
                          </select></label>`
                    : nothing
                }
                ${
                  this._kind === 'email'
                    ? html`<label class="wide">${m.email}
                        <input type="email" required autocomplete="email" .value=${this._email}
                          @input=${(e: Event) => (this._email = (e.target as HTMLInputElement).value)} /></label>`
                    : nothing
                }
              </div>
              <fieldset>
                <legend class="on">${m.on}</legend>
                ${(['success', 'failure'] as const).map(
                  (o) => html`<label><input type="checkbox" .checked=${this._on.has(o)}
                    @change=${(e: Event) => this._toggleOn(o, (e.target as HTMLInputElement).checked)} /> ${m[`on_${o}`]}</label>`,
                )}
              </fieldset>
              <div><button class="btn primary" type="submit" ?disabled=${this._busy !== null || this._on.size === 0}>
                ${this._busy === 'add' ? html`<span class="spinner" aria-hidden="true"></span>` : nothing} ${m.add}
              </button></div>
            </form>`
      }
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'delivery-editor': DeliveryEditor;
  }
}
