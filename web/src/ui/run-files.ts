import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { client } from '../data/client';
import type { Artifact } from '../data/types';
import { formatNumber } from '../format/format';
import { t } from '../i18n/messages';
import { LocaleController } from '../state/locale';
import { shared } from '../styles/shared';
import { notifyError } from './notifier';

/** Types drawn inline: as an `<img>`, which runs no script and loads nothing, SVG included. */
const INLINE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml']);

/**
 * The files a run kept (model-made, so untrusted): images shown inline, every file
 * offered as a download. Each is fetched with the person's token as a Blob and used
 * only through an object URL in an `<img>`, or handed to the browser as a download
 * (`download` attribute); it is never opened as a page of this app.
 */
@customElement('run-files')
export class RunFiles extends LitElement {
  static override styles = [
    shared,
    css`
      ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
      li { display: grid; gap: 6px; justify-items: start; }
      img { max-width: min(100%, 560px); max-height: 420px; border: 1px solid var(--ap-border); border-radius: var(--ap-radius-sm); background: #fff; }
      button { font-size: 0.85rem; }
      .size { color: var(--ap-text-3); font-variant-numeric: tabular-nums; }
    `,
  ];

  @property() executionId = '';
  @property({ attribute: false }) files: Artifact[] = [];
  /** Object URLs of the images loaded so far, by file name. */
  @state() private _previews: Record<string, string> = {};
  protected readonly _locale = new LocaleController(this);

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('files') || changed.has('executionId')) void this._loadPreviews();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const url of Object.values(this._previews)) URL.revokeObjectURL(url);
    this._previews = {};
  }

  private async _loadPreviews(): Promise<void> {
    for (const file of this.files) {
      if (!INLINE.has(file.contentType) || this._previews[file.name]) continue;
      try {
        const blob = await client().api.artifact(this.executionId, file.name);
        // Typed by the file's recorded type, whatever the response said.
        const url = URL.createObjectURL(new Blob([blob], { type: file.contentType }));
        this._previews = { ...this._previews, [file.name]: url };
      } catch {
        // No preview: the download button still offers the file.
      }
    }
  }

  private async _onDownload(file: Artifact): Promise<void> {
    try {
      const blob = await client().api.artifact(this.executionId, file.name);
      const url = URL.createObjectURL(new Blob([blob], { type: 'application/octet-stream' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = file.name;
      a.rel = 'noopener';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      notifyError(err);
    }
  }

  override render() {
    const m = t();
    if (!this.files.length) return nothing;
    return html`<ul>
      ${this.files.map((f) => {
        const preview = this._previews[f.name];
        return html`<li>
          ${preview ? html`<img src=${preview} alt=${m.fileImageAlt(f.name)} />` : nothing}
          <button class="secondary" @click=${() => this._onDownload(f)} aria-label=${m.fileDownload(f.name)}>
            ⬇ ${f.name} <span class="size">${m.fileSize(formatNumber(f.bytes))}</span>
          </button>
        </li>`;
      })}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'run-files': RunFiles;
  }
}
