import { css, html, LitElement } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import { shared } from '../styles/shared';
import { markdownToSafeHtml } from './markdown';

/** Renders untrusted markdown (model output) as sanitised HTML. */
@customElement('markdown-view')
export class MarkdownView extends LitElement {
  static override styles = [
    shared,
    css`
      :host { line-height: 1.65; overflow-wrap: anywhere; }
      :host > :first-child { margin-top: 0; }
      h1, h2, h3, h4, h5, h6 { margin: 1em 0 0.4em; font-size: 1.02rem; }
      [data-level='1'] { font-size: 1.15rem; }
      p, ul, ol, blockquote, pre, table { margin: 0 0 0.7em; }
      ul, ol { padding-left: 1.3em; }
      li { margin: 0.15em 0; }
      code { font-family: var(--ap-mono); font-size: 0.88em; background: var(--ap-surface-2); padding: 1px 5px; border-radius: 5px; }
      pre { background: var(--ap-surface-2); padding: 10px 12px; border-radius: var(--ap-radius-sm); overflow-x: auto; }
      pre code { background: none; padding: 0; }
      blockquote { border-left: 3px solid var(--ap-border-strong); padding-left: 12px; color: var(--ap-text-2); }
      table { border-collapse: collapse; display: block; overflow-x: auto; }
      th, td { border: 1px solid var(--ap-border); padding: 4px 8px; text-align: left; }
      img { max-width: 100%; }
      hr { border: 0; border-top: 1px solid var(--ap-border); }
    `,
  ];

  @property() markdown = '';
  /** The heading level a markdown `#` is shown at: one below the heading the view sits under. */
  @property({ type: Number, attribute: 'top-heading' }) topHeading = 3;

  override render() {
    return html`${unsafeHTML(markdownToSafeHtml(this.markdown, this.topHeading))}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'markdown-view': MarkdownView;
  }
}
