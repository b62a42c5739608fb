/**
 * NOTE (lead): minimal offline responder so the local stack compiles and boots.
 * The Chat engineer replaces this file with the real deterministic designer and
 * run-result generator (issue 8); keep the `offlineMessages` export.
 */
import type { ApiMessage } from '../messages-api/encode';

export function offlineMessages(body: Record<string, unknown>): ApiMessage {
  return {
    id: `msg_offline_${Date.now()}`,
    type: 'message',
    role: 'assistant',
    model: String(body.model),
    content: [{ type: 'text', text: '(offline stand-in) The offline model is not ready yet.' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 1, output_tokens: 1 },
  };
}
