/**
 * Model output (agent results, chat replies) is untrusted. Markdown formats it
 * (marked), but HTML the model wrote is shown as the text it is, never as markup;
 * DOMPurify then removes anything executable that markdown itself could produce
 * (a `javascript:` link, say) before it reaches the page.
 */
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// Control characters marking bold spans found by cjkEmphasis (they never survive into the page).
const OPEN = '\u0001strong\u0001';
const CLOSE = '\u0001/strong\u0001';

/**
 * One parser per level a markdown `#` is shown at: model output sits inside a page
 * that has its own h1 and sections, so its headings go below them (a `#` under the
 * page's h2 is an h3), never a second h1. `data-level` keeps the markdown's own level
 * for styling.
 */
const parsers = new Map<number, Marked>();
function parserFor(topHeading: number): Marked {
  let parser = parsers.get(topHeading);
  if (!parser) {
    parser = new Marked({
      gfm: true,
      breaks: true,
      async: false,
      renderer: {
        html: ({ text }) => escapeHtml(text),
        heading({ tokens, depth }) {
          const level = Math.min(6, depth + topHeading - 1);
          return `<h${level} data-level="${depth}">${this.parser.parseInline(tokens)}</h${level}>\n`;
        },
      },
    });
    parsers.set(topHeading, parser);
  }
  return parser;
}

/**
 * CommonMark does not close `**…**` when punctuation comes before the closing
 * stars and a letter right after them, which is how Korean attaches particles:
 * `**오전 8:00 (서울)**에`. Such spans are marked here and become <strong> after parsing.
 */
export function cjkEmphasis(markdown: string): string {
  return markdown.replace(
    /\*\*(?=\S)([^*\n]*?\p{P})\*\*(?=[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/gu,
    `${OPEN}$1${CLOSE}`,
  );
}

/**
 * Markdown to HTML with the model's own HTML escaped (not yet sanitised); a `#`
 * heading becomes an `h{topHeading}`.
 */
export function markdownToHtml(markdown: string, topHeading = 3): string {
  const clean = markdown.replaceAll('\u0001', '');
  const html = parserFor(Math.min(6, Math.max(1, topHeading))).parse(cjkEmphasis(clean)) as string;
  return html.replaceAll(OPEN, '<strong>').replaceAll(CLOSE, '</strong>');
}

let hooked = false;

/** Sanitised HTML for a markdown string; links open in a new tab without the opener. */
export function markdownToSafeHtml(markdown: string, topHeading = 3): string {
  if (!hooked) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    hooked = true;
  }
  return DOMPurify.sanitize(markdownToHtml(markdown, topHeading), {
    FORBID_TAGS: ['style', 'form', 'input', 'button'],
    FORBID_ATTR: ['style'],
  });
}
