/**
 * Server-sent events on a plain response: used by API clients that call a
 * function directly (Hosting buffers responses, so the web app reads Firestore).
 */
import type { ServerResponse } from 'node:http';

/** Starts an event stream: headers are sent at once so the client sees it open. */
export function openEventStream(res: ServerResponse): void {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders?.();
}

/** Writes one event; `data` is sent as JSON on a single line. */
export function sendEvent(res: ServerResponse, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
