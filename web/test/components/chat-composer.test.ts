/** @jest-environment jsdom */
import './env';
import { messagesFor } from '../../src/i18n/messages';
import { setLocale } from '../../src/state/locale';
import type { ChatComposer } from '../../src/ui/chat-composer';
import '../../src/ui/chat-composer';
import { events, LOCALES, mount, shadow, textOf, type } from './dom';

const box = (c: ChatComposer) => shadow(c).querySelector('textarea')!;
const sendButton = (c: ChatComposer) => shadow(c).querySelector<HTMLButtonElement>('button.send')!;

/** Presses a key in the message box; answers whether the browser's own action (a new line) was cancelled. */
function press(c: ChatComposer, init: KeyboardEventInit & { keyCode?: number }): { cancelled: boolean } {
  const e = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, composed: true, ...init });
  if (init.keyCode !== undefined) Object.defineProperty(e, 'keyCode', { value: init.keyCode });
  box(c).dispatchEvent(e);
  return { cancelled: e.defaultPrevented };
}

async function write(c: ChatComposer, text: string) {
  type(box(c), text);
  await c.updateComplete;
}

describe.each(LOCALES)('chat-composer in %s', (locale) => {
  const m = messagesFor(locale);
  beforeEach(() => setLocale(locale));

  it('labels the box and says how to send', async () => {
    const c = await mount('chat-composer');
    expect(textOf(shadow(c).querySelector('label[for="msg"]'))).toBe(m.composerLabel);
    expect(box(c).placeholder).toBe(m.composerPlaceholder);
    expect(textOf(shadow(c).querySelector('#hint'))).toBe(m.composerHint);
    expect(sendButton(c).getAttribute('aria-label')).toBe(m.send);
  });

  it('asks what should change when it edits an agent', async () => {
    const c = await mount('chat-composer', { editing: true });
    expect(box(c).placeholder).toBe(m.composerPlaceholderEdit);
  });

  it('sends the text on Enter, trimmed, and empties the box', async () => {
    const c = await mount('chat-composer');
    const sent = events<{ text: string }>(c, 'ap-send');
    await write(c, '  매주 월요일 오전 8시에 뉴스 요약  ');
    expect(press(c, { key: 'Enter' }).cancelled).toBe(true);
    await c.updateComplete;
    expect(sent.map((e) => e.detail.text)).toEqual(['매주 월요일 오전 8시에 뉴스 요약']);
    expect(box(c).value).toBe('');
    expect(sendButton(c).disabled).toBe(true);
  });

  it('sends with the send button too', async () => {
    const c = await mount('chat-composer');
    const sent = events<{ text: string }>(c, 'ap-send');
    await write(c, 'Every Monday');
    expect(sendButton(c).disabled).toBe(false);
    sendButton(c).click();
    expect(sent.map((e) => e.detail.text)).toEqual(['Every Monday']);
  });

  it('leaves Shift+Enter to make a new line', async () => {
    const c = await mount('chat-composer');
    const sent = events(c, 'ap-send');
    await write(c, 'First line');
    expect(press(c, { key: 'Enter', shiftKey: true }).cancelled).toBe(false);
    expect(sent).toHaveLength(0);
    expect(box(c).value).toBe('First line');
  });

  it.each([
    { name: 'between compositionstart and compositionend', init: {}, composing: true },
    { name: 'flagged isComposing', init: { isComposing: true }, composing: false },
    { name: 'with keyCode 229 (Safari, after compositionend)', init: { keyCode: 229 }, composing: false },
  ])('only commits the syllable on Enter while an IME composes: $name', async ({ init, composing }) => {
    const c = await mount('chat-composer');
    const sent = events(c, 'ap-send');
    await write(c, '안녕하세');
    if (composing) box(c).dispatchEvent(new CompositionEvent('compositionstart'));
    expect(press(c, { key: 'Enter', ...init }).cancelled).toBe(false);
    expect(sent).toHaveLength(0);
    expect(box(c).value).toBe('안녕하세');
  });

  it('sends on the Enter after the composition ended', async () => {
    const c = await mount('chat-composer');
    const sent = events<{ text: string }>(c, 'ap-send');
    box(c).dispatchEvent(new CompositionEvent('compositionstart'));
    await write(c, '안녕하세요');
    box(c).dispatchEvent(new CompositionEvent('compositionend'));
    press(c, { key: 'Enter' });
    expect(sent.map((e) => e.detail.text)).toEqual(['안녕하세요']);
  });

  it('sends nothing, and adds no line, on Enter in an empty or blank box', async () => {
    const c = await mount('chat-composer');
    const sent = events(c, 'ap-send');
    expect(press(c, { key: 'Enter' }).cancelled).toBe(true);
    await write(c, '   \n  ');
    expect(sendButton(c).disabled).toBe(true);
    expect(press(c, { key: 'Enter' }).cancelled).toBe(true);
    expect(sent).toHaveLength(0);
  });

  it('sends nothing while the last message is still being answered', async () => {
    const c = await mount('chat-composer', { busy: true });
    const sent = events(c, 'ap-send');
    await write(c, 'Another thing');
    press(c, { key: 'Enter' });
    expect(sent).toHaveLength(0);
    expect(box(c).value).toBe('Another thing');
    expect(sendButton(c).disabled).toBe(true);
    expect(sendButton(c).querySelector('.spinner')).not.toBeNull();
  });

  it('sends a message of exactly 10,000 characters whole', async () => {
    const c = await mount('chat-composer');
    const sent = events<{ text: string }>(c, 'ap-send');
    const longest = '가'.repeat(10_000);
    await write(c, longest);
    expect(shadow(c).querySelector('[role="alert"]')).toBeNull();
    press(c, { key: 'Enter' });
    expect(sent[0]?.detail.text).toBe(longest);
  });

  it('keeps a longer paste whole and says it is too long, instead of cutting it silently', async () => {
    const c = await mount('chat-composer');
    const sent = events<{ text: string }>(c, 'ap-send');
    const pasted = '😀'.repeat(10_001);
    await write(c, pasted);
    expect(box(c).value).toBe(pasted);
    const alert = shadow(c).querySelector('[role="alert"]');
    expect(alert?.textContent).toContain(locale === 'ko' ? '10,001자' : '10,001 characters');
    expect(box(c).getAttribute('aria-invalid')).toBe('true');
    expect(sendButton(c).disabled).toBe(true);
    press(c, { key: 'Enter' });
    expect(sent).toHaveLength(0);
  });

  it('puts an example in the box and focuses it, ready to send', async () => {
    const c = await mount('chat-composer');
    const sent = events<{ text: string }>(c, 'ap-send');
    c.fill(m.wsExamples[0]!);
    await c.updateComplete;
    await c.updateComplete;
    expect(box(c).value).toBe(m.wsExamples[0]);
    expect(shadow(c).activeElement).toBe(box(c));
    press(c, { key: 'Enter' });
    expect(sent.map((e) => e.detail.text)).toEqual([m.wsExamples[0]]);
  });
});
