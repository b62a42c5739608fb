/** Helpers for the chat's end-to-end tests: SSE reading and tool-call replies for the Messages stub. */
import type { StubReply } from '../support/messages-stub';

/** JSON from the wire, read freely by the tests' assertions. */
// biome-ignore lint/suspicious/noExplicitAny: tests assert on arbitrary response JSON
export type Wire = any;

export interface SseEvent {
  event: string;
  data: Wire;
}

/** POSTs with `Accept: text/event-stream` and collects every event until the stream ends. */
export async function postForEvents(
  url: string,
  token: string,
  body: unknown,
): Promise<{ status: number; events: SseEvent[] }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const events: SseEvent[] = [];
  for (const chunk of text.split('\n\n')) {
    const event = /^event: (.+)$/m.exec(chunk)?.[1];
    const data = /^data: (.+)$/m.exec(chunk)?.[1];
    if (event && data) events.push({ event, data: JSON.parse(data) });
  }
  return { status: res.status, events };
}

/** A model reply that calls `propose_agent` with `input`, after a line of text. */
export function proposeReply(input: unknown, text = 'Here is a draft.'): StubReply {
  return {
    content: [
      { type: 'text', text },
      { type: 'tool_use', id: `toolu_${Math.random().toString(36).slice(2, 10)}`, name: 'propose_agent', input },
    ],
    stop_reason: 'tool_use',
  };
}

export const VALID_DRAFT = {
  name: 'Weekly stock summary',
  description: 'A summary of the week on the stock markets.',
  finalAgentPrompt: 'Summarise the week on the KOSPI and the S&P 500 in Korean markdown with sources.',
  tools: ['web_search'],
  schedule: { frequency: 'weekly', time: '08:00', daysOfWeek: [1] },
};

/** Waits until `check` holds, polling. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
