/**
 * Serves a Messages-API endpoint (`POST …/v1/messages`) backed by a function
 * that produces whole messages: the offline model in `npm start`. Streaming
 * requests get the real API's event sequence, paced so the reply visibly grows.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApiMessage, formatEvent, messageToEvents } from './messages-api/encode';

export type MessageResponder = (body: Record<string, unknown>) => ApiMessage | Promise<ApiMessage>;

const MAX_BODY = 32 * 1024 * 1024;

function apiError(res: ServerResponse, status: number, type: string, message: string): void {
  res
    .writeHead(status, { 'Content-Type': 'application/json' })
    .end(JSON.stringify({ type: 'error', error: { type, message } }));
}

export async function serveModelEndpoint(
  req: IncomingMessage,
  res: ServerResponse,
  respond: MessageResponder,
  chunkDelayMs: number,
): Promise<void> {
  if (req.method !== 'POST') return apiError(res, 405, 'invalid_request_error', 'Use POST.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return apiError(res, 413, 'request_too_large', 'Request exceeds the maximum size.');
    chunks.push(chunk as Buffer);
  }
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    return apiError(res, 400, 'invalid_request_error', 'The request body is not valid JSON.');
  }
  if (typeof body.model !== 'string' || !Array.isArray(body.messages) || typeof body.max_tokens !== 'number') {
    return apiError(res, 400, 'invalid_request_error', 'model, messages and max_tokens are required.');
  }
  const message = await respond(body);
  if (!body.stream) {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(message));
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
  for (const event of messageToEvents(message)) {
    if (res.destroyed) return;
    res.write(formatEvent(event));
    if (chunkDelayMs > 0 && event.event === 'content_block_delta')
      await new Promise((r) => setTimeout(r, chunkDelayMs));
  }
  res.end();
}
