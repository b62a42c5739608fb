/**
 * A Messages-API stand-in server for tests: a real HTTP server speaking the
 * Anthropic wire protocol (JSON and streamed SSE), whose replies each test
 * scripts. It records every request body, so tests can assert exactly what the
 * platform sent to the model. Not a mock of the SDK: the SDK talks to it over HTTP.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type ApiContentBlock,
  type ApiMessage,
  formatEvent,
  messageToEvents,
} from '@agent-platform/local/messages-api';

export interface CapturedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> & { messages?: unknown[]; stream?: boolean; model?: string };
}

/** A scripted reply: a message (content and stop reason), or an HTTP error. */
export type StubReply =
  | {
      content: ApiContentBlock[];
      stop_reason?: string;
      usage?: Partial<ApiMessage['usage']>;
      /** Wait this long before answering (timeouts, concurrency). */
      delayMs?: number;
      /** Streaming only: pause this long after each content delta, so the reply visibly grows. */
      chunkDelayMs?: number;
      /** Streaming only: characters per text delta (12 by default; long replies stream faster in bigger pieces). */
      chunkSize?: number;
    }
  | { status: number; error: { type: string; message: string }; headers?: Record<string, string>; delayMs?: number };

export type StubHandler = (req: CapturedRequest, callIndex: number) => StubReply | Promise<StubReply>;

export interface MessagesStub {
  /** Base URL to give the SDK (`ANTHROPIC_BASE_URL`). */
  url: string;
  requests: CapturedRequest[];
  /** Requests whose caller hung up before the reply was complete (a stopped model call). */
  readonly aborted: number;
  /** Resolves once `count` requests in all have been hung up on. */
  untilAborted(count: number): Promise<void>;
  /** Files API files by id (`GET /v1/files/{id}` and `…/content`), as code execution leaves them; not counted in `requests`. */
  files: Map<string, { filename: string; mimeType: string; data: Buffer }>;
  /** Sets how the next requests are answered. */
  respond(handler: StubHandler): void;
  /** Answers the next requests with these replies in order (the last one repeats). */
  script(...replies: StubReply[]): void;
  stop(): Promise<void>;
}

/** A text reply, the most common script step. */
export const textReply = (text: string, usage: Partial<ApiMessage['usage']> = {}): StubReply => ({
  content: [{ type: 'text', text }],
  stop_reason: 'end_turn',
  usage,
});

/** An API error reply (e.g. 529 overloaded, 400 invalid_request_error). */
export const errorReply = (status: number, type: string, message: string): StubReply => ({
  status,
  error: { type, message },
  // Keep the SDK from waiting long between its own retries in tests.
  headers: { 'retry-after-ms': '10' },
});

export async function startMessagesStub(): Promise<MessagesStub> {
  const requests: CapturedRequest[] = [];
  const files: MessagesStub['files'] = new Map();
  let handler: StubHandler = () => textReply('stub reply');
  let calls = 0;
  let aborted = 0;
  const abortWaiters: { count: number; resolve: () => void }[] = [];
  const server: Server = createServer(async (req, res) => {
    res.on('close', () => {
      if (res.writableFinished) return;
      aborted++;
      for (const w of abortWaiters.filter((x) => aborted >= x.count)) {
        abortWaiters.splice(abortWaiters.indexOf(w), 1);
        w.resolve();
      }
    });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const fileRequest = /^\/v1\/files\/([^/?]+)(\/content)?/.exec(req.url ?? '');
    if (fileRequest && req.method === 'GET') {
      const file = files.get(decodeURIComponent(fileRequest[1] as string));
      if (!file) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'File not found.' } }));
      } else if (fileRequest[2]) {
        res.writeHead(200, { 'content-type': file.mimeType }).end(file.data);
      } else {
        const meta = { id: fileRequest[1], type: 'file', filename: file.filename, mime_type: file.mimeType };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            ...meta,
            size_bytes: file.data.length,
            created_at: new Date().toISOString(),
            downloadable: true,
          }),
        );
      }
      return;
    }
    const captured: CapturedRequest = {
      path: req.url ?? '',
      headers: req.headers,
      body: chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {},
    };
    requests.push(captured);
    const reply = await handler(captured, calls++);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    if ('status' in reply) {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
      res.end(JSON.stringify({ type: 'error', error: reply.error }));
      return;
    }
    const message: ApiMessage = {
      id: `msg_stub_${calls}`,
      type: 'message',
      role: 'assistant',
      model: String(captured.body.model ?? 'stub'),
      content: reply.content,
      stop_reason: reply.stop_reason ?? 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 5, ...reply.usage },
    };
    if (captured.body.stream) {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const e of messageToEvents(message, reply.chunkSize)) {
        if (res.destroyed) return;
        res.write(formatEvent(e));
        if (reply.chunkDelayMs && e.event === 'content_block_delta') {
          await new Promise((r) => setTimeout(r, reply.chunkDelayMs));
        }
      }
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(message));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    files,
    get aborted() {
      return aborted;
    },
    untilAborted: (count) =>
      aborted >= count ? Promise.resolve() : new Promise((resolve) => abortWaiters.push({ count, resolve })),
    respond(h) {
      handler = h;
      calls = 0;
    },
    script(...replies) {
      handler = (_req, i) => replies[Math.min(i, replies.length - 1)] as StubReply;
      calls = 0;
    },
    stop: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
