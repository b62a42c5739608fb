/**
 * A quick token estimate without a model call: about four Latin characters,
 * or one Hangul syllable, per token. Used to keep the history under its ceiling
 * and to estimate what a run will cost; both only need the right magnitude.
 */
export function approxTokens(text: string): number {
  if (!text) return 0;
  let wide = 0;
  for (const ch of text) if (ch.codePointAt(0)! > 0x2e80) wide++;
  return Math.ceil((text.length - wide) / 4) + wide;
}
