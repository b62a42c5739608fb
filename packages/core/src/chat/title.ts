/**
 * A conversation's title: the first line of its first message, cut to 60
 * characters (as people count them). Browser-safe: the web app recognises the
 * conversation its first message just started by this title.
 */
const TITLE_MAX = 60;

export function titleOf(message: string): string {
  const line = message.trim().split('\n')[0] ?? '';
  const chars = [...line];
  return chars.length > TITLE_MAX ? `${chars.slice(0, TITLE_MAX - 1).join('')}…` : line;
}
