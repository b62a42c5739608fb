/**
 * Encodes a complete Messages-API response as the server-sent events the real
 * API streams (message_start, content_block_*, message_delta, message_stop), so
 * local endpoints speak the exact protocol `@anthropic-ai/sdk` parses.
 */

export interface ApiContentBlock {
  type: string;
  [key: string]: unknown;
}

export interface ApiMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ApiContentBlock[];
  stop_reason: string | null;
  stop_sequence: string | null;
  usage: Record<string, unknown> & { input_tokens: number; output_tokens: number };
}

export interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Splits text into small pieces the way a model streams it (keeps surrogate pairs whole). */
export function chunkText(text: string, size = 12): string[] {
  const chars = Array.from(text);
  const chunks: string[] = [];
  for (let i = 0; i < chars.length; i += size) chunks.push(chars.slice(i, i + size).join(''));
  return chunks.length ? chunks : [''];
}

/** The stream events of `message`, in order. */
export function messageToEvents(message: ApiMessage, chunkSize = 12): StreamEvent[] {
  const events: StreamEvent[] = [];
  const { content, stop_reason, stop_sequence, usage, ...head } = message;
  events.push({
    event: 'message_start',
    data: {
      type: 'message_start',
      message: { ...head, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
    },
  });
  content.forEach((block, index) => {
    const delta = (d: Record<string, unknown>) =>
      events.push({ event: 'content_block_delta', data: { type: 'content_block_delta', index, delta: d } });
    if (block.type === 'text') {
      events.push({
        event: 'content_block_start',
        data: { type: 'content_block_start', index, content_block: { ...block, text: '' } },
      });
      for (const piece of chunkText(String(block.text ?? ''), chunkSize)) delta({ type: 'text_delta', text: piece });
    } else if (block.type === 'tool_use' || block.type === 'server_tool_use') {
      events.push({
        event: 'content_block_start',
        data: { type: 'content_block_start', index, content_block: { ...block, input: {} } },
      });
      delta({ type: 'input_json_delta', partial_json: JSON.stringify(block.input ?? {}) });
    } else if (block.type === 'thinking') {
      events.push({
        event: 'content_block_start',
        data: { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } },
      });
      delta({ type: 'thinking_delta', thinking: String(block.thinking ?? '') });
      delta({ type: 'signature_delta', signature: String(block.signature ?? '') });
    } else {
      events.push({ event: 'content_block_start', data: { type: 'content_block_start', index, content_block: block } });
    }
    events.push({ event: 'content_block_stop', data: { type: 'content_block_stop', index } });
  });
  events.push({
    event: 'message_delta',
    data: {
      type: 'message_delta',
      delta: { stop_reason, stop_sequence },
      usage: { output_tokens: usage.output_tokens },
    },
  });
  events.push({ event: 'message_stop', data: { type: 'message_stop' } });
  return events;
}

/** One event in SSE wire format. */
export function formatEvent(e: StreamEvent): string {
  return `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}
