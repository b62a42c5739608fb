import { shouldSend } from '../src/ui/compose-keys';

describe('Enter in the chat composer', () => {
  it.each([
    { name: 'plain Enter sends', e: { key: 'Enter', shiftKey: false }, composing: false, send: true },
    { name: 'Shift+Enter makes a new line', e: { key: 'Enter', shiftKey: true }, composing: false, send: false },
    {
      name: 'Enter committing a Korean syllable does not send',
      e: { key: 'Enter', shiftKey: false, isComposing: true },
      composing: true,
      send: false,
    },
    {
      name: 'Safari’s committing Enter (keyCode 229 after compositionend) does not send',
      e: { key: 'Enter', shiftKey: false, isComposing: false, keyCode: 229 },
      composing: false,
      send: false,
    },
    {
      name: 'Enter during composition by our own flag does not send',
      e: { key: 'Enter', shiftKey: false },
      composing: true,
      send: false,
    },
    { name: 'other keys do not send', e: { key: 'a', shiftKey: false }, composing: false, send: false },
  ])('$name', ({ e, composing, send }) => {
    expect(shouldSend(e, composing)).toBe(send);
  });
});
