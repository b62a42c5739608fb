/** @jest-environment jsdom */
import './env';
import { cjkEmphasis, markdownToSafeHtml } from '../../src/ui/markdown';
import '../../src/ui/markdown-view';
import { mount, shadow, textOf } from './dom';

/** The sanitised HTML as a DOM fragment, to look at like a page would. */
function parse(markdown: string): HTMLElement {
  const div = document.createElement('div');
  div.innerHTML = markdownToSafeHtml(markdown);
  return div;
}

describe('markdownToSafeHtml', () => {
  it('formats markdown: headings, emphasis, lists, code and tables', () => {
    const out = parse('# Weekly\n\n**bold** and _soft_\n\n- one\n- two\n\n`code`\n\n| a | b |\n|---|---|\n| 1 | 2 |');
    // Below the page's own h1 and section headings: a `#` is an h3 unless the view says otherwise.
    expect(out.querySelector('h1')).toBeNull();
    expect(textOf(out.querySelector('h3'))).toBe('Weekly');
    expect(textOf(out.querySelector('strong'))).toBe('bold');
    expect(textOf(out.querySelector('em'))).toBe('soft');
    expect([...out.querySelectorAll('li')].map(textOf)).toEqual(['one', 'two']);
    expect(textOf(out.querySelector('code'))).toBe('code');
    expect([...out.querySelectorAll('td')].map(textOf)).toEqual(['1', '2']);
  });

  it.each([
    { name: 'a script block', input: '<script>alert(1)</script>', tag: 'script' },
    { name: 'an image that runs code when it fails', input: 'Hi <img src=x onerror="alert(1)"> there', tag: 'img' },
    { name: 'an iframe', input: '<iframe src="https://evil.example"></iframe>', tag: 'iframe' },
    { name: 'a form', input: '<form action="/x"><input name="q"></form>', tag: 'form' },
    { name: 'a style block', input: '<style>body{display:none}</style>', tag: 'style' },
  ])('shows HTML the model wrote as text, never as markup: $name', ({ input, tag }) => {
    const out = parse(input);
    expect(out.querySelector(tag)).toBeNull();
    expect(out.querySelector('[onerror]')).toBeNull();
    expect(textOf(out)).toContain(input.includes('<img') ? '<img src=x onerror="alert(1)">' : input);
  });

  it.each([
    { name: 'javascript:', input: '[click](javascript:alert(1))' },
    { name: 'JavaScript: in mixed case', input: '[click](JaVaScRiPt:alert(1))' },
    { name: 'vbscript:', input: '[click](vbscript:msgbox(1))' },
    { name: 'data: HTML', input: '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)' },
  ])('drops a $name link target', ({ input }) => {
    const out = parse(input);
    const a = out.querySelector('a');
    expect(a?.getAttribute('href') ?? null).toBeNull();
  });

  it('drops an image whose source would run code', () => {
    const out = parse('![x](javascript:alert(1))');
    expect(out.querySelector('img')?.getAttribute('src') ?? null).toBeNull();
  });

  it('opens links in a new tab without handing over the page', () => {
    const a = parse('See [the docs](https://example.com/docs).').querySelector('a');
    expect(a?.getAttribute('href')).toBe('https://example.com/docs');
    expect(a?.getAttribute('target')).toBe('_blank');
    expect(a?.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('bolds Korean text whose particle follows the closing stars', () => {
    const out = parse('**오전 8:00 (서울)**에 실행합니다');
    expect(textOf(out.querySelector('strong'))).toBe('오전 8:00 (서울)');
    expect(textOf(out)).toBe('오전 8:00 (서울)에 실행합니다');
  });

  it('cannot be made to bold text by the control characters it uses itself', () => {
    const out = parse('\u0001strong\u0001not bold\u0001/strong\u0001');
    expect(out.querySelector('strong')).toBeNull();
    expect(textOf(out)).toBe('strongnot bold/strong');
  });

  it('leaves English emphasis to markdown', () => {
    expect(cjkEmphasis('**Monday (8:00)** and more')).toBe('**Monday (8:00)** and more');
  });
});

describe('markdown-view', () => {
  it('renders model output as formatted text', async () => {
    const view = await mount('markdown-view', { markdown: '## Result\n\n1. first\n2. second' });
    expect(textOf(shadow(view).querySelector('h4'))).toBe('Result');
    expect(shadow(view).querySelectorAll('ol li')).toHaveLength(2);
  });

  it("puts the model's headings under the one it sits below, down to h6", async () => {
    const view = await mount('markdown-view', { markdown: '# 주간 요약\n\n## 핵심\n\n### 출처', topHeading: 5 });
    const levels = [...shadow(view).querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => h.tagName);
    expect(levels).toEqual(['H5', 'H6', 'H6']);
  });

  it('puts no element the model wrote on the page, and no link that runs code', async () => {
    const view = await mount('markdown-view', {
      markdown:
        'Hello <img src=x onerror="window.pwned=1"><script>window.pwned=1</script> [go](javascript:window.pwned=1)',
    });
    const root = shadow(view);
    expect(root.querySelector('img, script')).toBeNull();
    expect(root.querySelector('a')?.hasAttribute('href')).toBe(false);
    expect(textOf(view)).toContain('<img src=x onerror="window.pwned=1">');
    expect((window as { pwned?: number }).pwned).toBeUndefined();
  });

  it('follows a change of its markdown', async () => {
    const view = await mount('markdown-view', { markdown: 'first' });
    view.markdown = 'second';
    await view.updateComplete;
    expect(textOf(view)).toBe('second');
  });
});
