/**
 * The offline model: a deterministic Messages-API stand-in used when no
 * ANTHROPIC_API_KEY is set. With the `propose_agent` tool on offer it acts as
 * the agent designer; with Claude Code's tools, as the model of a workspace
 * run (workspace.ts); otherwise it acts as an agent run. Every reply says it is
 * the stand-in, and carries plausible usage numbers. The local stack serves it
 * at `POST /__local/model/v1/messages` (JSON, or SSE through `messageToEvents`).
 */
import type { ApiMessage } from '../messages-api/encode';
import { designerReply } from './designer';
import { PROPOSE_TOOL } from './reply';
import { approxTokens, type OfflineRequest, stableHash, systemText } from './request';
import { runResult } from './run';
import { isClaudeCodeRequest, workspaceReply } from './workspace';

export type { OfflineRequest } from './request';

/** The stand-in's complete answer to one Messages-API request body. */
export function offlineMessages(body: OfflineRequest): ApiMessage {
  const designing = (body.tools ?? []).some((t) => t.name === PROPOSE_TOOL);
  const reply = designing
    ? designerReply(body)
    : isClaudeCodeRequest(body)
      ? workspaceReply(body)
      : { content: [{ type: 'text', text: runResult(body) }], stop_reason: 'end_turn' as const };
  const input = approxTokens(systemText(body) + JSON.stringify(body.messages ?? []) + JSON.stringify(body.tools ?? []));
  const output = approxTokens(JSON.stringify(reply.content));
  return {
    id: `msg_offline_${stableHash(JSON.stringify(body.messages ?? []) + reply.stop_reason)}`,
    type: 'message',
    role: 'assistant',
    model: typeof body.model === 'string' ? body.model : 'offline-stand-in',
    content: reply.content,
    stop_reason: reply.stop_reason,
    stop_sequence: null,
    usage: {
      input_tokens: input,
      output_tokens: output,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
}
