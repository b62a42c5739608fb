/**
 * Where the person wants results sent, read from what they wrote: an e-mail
 * address, a Slack, Discord or Google Chat incoming-webhook URL (known by its
 * host), another URL called a webhook, or a wish for browser notifications.
 * The offline designer puts these in the draft's `deliveries`; the question it
 * asks after a draft without any is `WHERE_TO_QUESTION`.
 */
import { DELIVERIES_MAX } from '@agent-platform/core/agent';

export type OfflineDelivery =
  | { type: 'webhook'; url: string; format: 'json' | 'slack' | 'discord' | 'googlechat' }
  | { type: 'email'; to: string }
  | { type: 'push' };

/** Asked once a draft exists and says nowhere to send its results. */
export const WHERE_TO_QUESTION = {
  ko: '결과를 어디로 보내드릴까요? 이메일 주소, 이 브라우저 알림, 또는 Slack·Discord·Google Chat 웹훅 주소를 말씀해 주시면 초안에 넣을게요.',
  en: 'Where should I send the results? Tell me an e-mail address, “browser notifications”, or a Slack, Discord or Google Chat webhook address and I will add it to the draft.',
} as const;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const URL_RE = /https?:\/\/[^\s<>"')]+/g;
// Browser notifications, said as such: a bare "알림" or "alert" is often the task itself (a price alert).
const PUSH =
  /브라우저\s*알림|푸시\s*알림|웹\s*푸시|browser notifications?|push notifications?|notify (me )?in (the|my|this) browser/i;
const WEBHOOK_WORD = /webhook|웹훅/i;

function formatOf(url: string): OfflineDelivery | undefined {
  let host = '';
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  if (host === 'hooks.slack.com') return { type: 'webhook', url, format: 'slack' };
  if (/(^|\.)discord(app)?\.com$/.test(host) && url.includes('/api/webhooks/')) {
    return { type: 'webhook', url, format: 'discord' };
  }
  if (host === 'chat.googleapis.com') return { type: 'webhook', url, format: 'googlechat' };
  return undefined;
}

/** Whether a message names an address to send to (then it says where, not what to do). */
export function namesAddress(text: string): boolean {
  return new RegExp(EMAIL.source).test(text) || new RegExp(URL_RE.source).test(text);
}

/** The deliveries one message asks for (none when it names none). */
export function deliveriesIn(text: string): OfflineDelivery[] {
  const found: OfflineDelivery[] = [];
  for (const m of text.matchAll(EMAIL)) found.push({ type: 'email', to: m[0].toLowerCase() });
  for (const m of text.matchAll(URL_RE)) {
    const known = formatOf(m[0]);
    if (known) found.push(known);
    else if (WEBHOOK_WORD.test(text)) found.push({ type: 'webhook', url: m[0], format: 'json' });
  }
  if (PUSH.test(text)) found.push({ type: 'push' });
  return found;
}

/** Everything asked for over the conversation, each once, at most the schema's limit. */
export function deliveriesOf(texts: string[], start: OfflineDelivery[] = []): OfflineDelivery[] {
  const out = [...start];
  const key = (d: OfflineDelivery) => JSON.stringify(d);
  for (const text of texts) {
    for (const d of deliveriesIn(text)) if (!out.some((o) => key(o) === key(d))) out.push(d);
  }
  return out.slice(0, DELIVERIES_MAX);
}
