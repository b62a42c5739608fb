import { css, html, LitElement, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RunEvent } from '../data/types';
import { formatTime } from '../format/format';
import { formatRunEvent } from '../format/run-event';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';

/** A run's log, line by line in the user's language; read aloud as it grows while the run goes. */
@customElement('run-log')
export class RunLog extends LitElement {
  static override styles = [
    shared,
    css`
      ol { margin: 0; padding: 0; list-style: none; font-size: 0.85rem; display: grid; gap: 4px; }
      li { border: 0; background: none; display: flex; gap: 10px; }
      time { color: var(--ap-text-3); font-variant-numeric: tabular-nums; flex: none; }
    `,
  ];

  @property({ attribute: false }) events: RunEvent[] = [];
  @property({ type: Boolean }) running = false;
  // Registered for its effect: re-render when the language changes.
  protected readonly _locale = new LocaleController(this);

  override render() {
    if (!this.events.length) return nothing;
    return html`<ol aria-live=${this.running ? 'polite' : 'off'}>
      ${this.events.map((ev) => html`<li><time datetime=${ev.at}>${formatTime(ev.at)}</time><span>${formatRunEvent(ev)}</span></li>`)}
    </ol>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'run-log': RunLog;
  }
}
