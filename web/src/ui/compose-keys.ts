/**
 * When Enter in the chat composer sends. While an IME is composing (Korean,
 * Japanese, Chinese), Enter commits the syllable instead; sending then would
 * send half a word. Browsers signal composition differently: `isComposing` on
 * the event, keyCode 229 (Safari sends the committing Enter after
 * compositionend with only that), and our own compositionstart/end flag.
 */
export interface KeyLike {
  key: string;
  shiftKey: boolean;
  isComposing?: boolean;
  keyCode?: number;
}

export function shouldSend(e: KeyLike, composing: boolean): boolean {
  if (e.key !== 'Enter' || e.shiftKey) return false;
  return !(composing || e.isComposing || e.keyCode === 229);
}
