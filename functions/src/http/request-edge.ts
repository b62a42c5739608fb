/**
 * The request edge of every function, in front of the Functions Framework.
 *
 * The Framework parses request bodies before any handler runs, inflating
 * `Content-Encoding: gzip/deflate` and accepting up to 1 GB
 * (functions-framework-nodejs `src/server.ts`): a 200 KB gzip body can grow to
 * hundreds of megabytes before a token is looked at. So before Express sees a
 * request, this edge answers 415 to any `Content-Encoding` other than identity
 * and 413 to a `Content-Length` over the limit, without reading the body, and
 * cuts a body sent without a length (chunked) once it passes the limit.
 *
 * Express also answers a parse failure with an HTML page; docs/api.md promises
 * JSON errors everywhere, so the edge gives the Framework's Express apps a final
 * handler that answers in the API's format.
 *
 * Express copies `application.handle` into each app when it is created, and the
 * Framework creates its app after our modules load (production and tests
 * alike), so patching the prototype once at load time covers every function.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  AppError,
  InvalidArgumentError,
  PayloadTooLargeError,
  toErrorResponse,
  UnsupportedMediaTypeError,
} from '@agent-platform/core/errors';
import { adapters } from '../shared/factory';
import { withLogFields } from '../shared/log';
import { requestLocale } from './request-locale';
import { traceLogFields } from './trace';

interface BodyParserError extends Error {
  type?: string;
  /** The raw body text, for parse failures. */
  body?: string;
  status?: number;
  limit?: number;
}

let installed = false;

/** Installs the edge on Express (idempotent); `limitBytes` defaults to the configured body limit. */
export function installRequestEdge(limitBytes: () => number = () => adapters().config.http.maxBodyBytes): void {
  if (installed) return;
  installed = true;
  // Resolved from the Framework's own dependency so both patch the same Express.
  const express = require('express') as { application: { handle: (...args: unknown[]) => unknown } };
  const original = express.application.handle;
  express.application.handle = function handle(this: unknown, req: unknown, res: unknown, callback?: unknown) {
    const request = req as IncomingMessage;
    const response = res as ServerResponse;
    if (typeof callback !== 'function') {
      // The app's own entry (not a mounted sub-app): the edge checks come first.
      const refusal = refusalBeforeBody(request, limitBytes());
      if (refusal) {
        refuseAndClose(request, response, refusal);
        return undefined;
      }
      capBodyWithoutLength(request, response, limitBytes());
    }
    const done =
      typeof callback === 'function'
        ? callback
        : (err?: unknown) => answerWithJson(request, response, err as BodyParserError | undefined);
    // Every line logged while this request is handled names its trace (trace.ts).
    return withLogFields(traceLogFields(request.headers, adapters().config.projectId), () =>
      original.call(this, req, res, done),
    );
  };
}

/** 415 for an encoded body, 413 for a declared length over the limit; null when the request may go on. */
export function refusalBeforeBody(req: Pick<IncomingMessage, 'headers'>, limitBytes: number): AppError | null {
  const encoding = String(req.headers['content-encoding'] ?? '')
    .trim()
    .toLowerCase();
  if (encoding && encoding !== 'identity') {
    return new UnsupportedMediaTypeError({
      en: 'Send the body as plain JSON: Content-Encoding is not accepted (compressed bodies are refused unread).',
      ko: '본문을 압축하지 않은 JSON으로 보내세요. Content-Encoding은 받지 않습니다(압축된 본문은 읽지 않고 거절합니다).',
    });
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return new PayloadTooLargeError(limitBytes);
  return null;
}

/**
 * A body sent without Content-Length (chunked) is counted as it arrives; past
 * the limit the request is answered 413 and its connection closed, so the parser
 * never holds more than the limit. Counting the stream's `data` events sees
 * every byte whoever reads it.
 */
function capBodyWithoutLength(req: IncomingMessage, res: ServerResponse, limitBytes: number): void {
  if (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] === undefined) return;
  let received = 0;
  const emit = req.emit.bind(req);
  req.emit = ((event: string, ...args: unknown[]) => {
    if (event === 'data') {
      received += (args[0] as Buffer).length;
      if (received > limitBytes) {
        req.emit = emit;
        refuseAndClose(req, res, new PayloadTooLargeError(limitBytes));
        return false;
      }
    }
    return emit(event, ...args);
  }) as typeof req.emit;
}

/** Bytes of a refused body the edge still takes in (and drops) so the caller can read the refusal. */
const LINGER_BYTES = 4 * 1024 * 1024;
const LINGER_MS = 2_000;

/**
 * Answers an edge refusal in the API's format. The body is never parsed or kept,
 * but what of it is on the way is read and dropped ("lingering close"): closing a
 * socket with unread data resets it, and a client (or Hosting in front) still
 * uploading would then lose the answer. Past a few megabytes or two seconds the
 * connection is cut; a body drained in time leaves the connection usable.
 */
function refuseAndClose(req: IncomingMessage, res: ServerResponse, err: AppError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { status, body } = toErrorResponse(err, requestLocale(req));
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
  let dropped = 0;
  const cut = setTimeout(() => req.destroy(), LINGER_MS);
  cut.unref();
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) req.destroy();
  });
  req.on('end', () => clearTimeout(cut));
  req.on('close', () => clearTimeout(cut));
  req.resume();
}

/** Maps a body-parser failure to the API's error body. */
export function bodyErrorToAppError(err: BodyParserError): AppError {
  if (err.type === 'entity.parse.failed') {
    // The parser refuses bare values (`null`, `"text"`, `3`) too, which are JSON but not an object.
    return isJson(err.body)
      ? new InvalidArgumentError({
          en: 'The request body must be a JSON object.',
          ko: '요청 본문은 JSON 객체여야 합니다.',
        })
      : new InvalidArgumentError({
          en: 'The request body is not valid JSON.',
          ko: '요청 본문이 올바른 JSON이 아닙니다.',
        });
  }
  if (err.type === 'entity.too.large') return new PayloadTooLargeError(err.limit ?? 0);
  if (err.type === 'encoding.unsupported' || err.status === 415) {
    return new UnsupportedMediaTypeError({
      en: 'Send the body as plain JSON (no Content-Encoding).',
      ko: '본문을 압축하지 않은 JSON으로 보내세요(Content-Encoding 없이).',
    });
  }
  // Anything else the body parser refuses (a broken gzip stream, an aborted upload): its own
  // message is about internals (zlib, sockets), so answer in the API's words.
  if (err.status && err.status >= 400 && err.status < 500) {
    return new InvalidArgumentError({
      en: 'The request body could not be read; send plain JSON.',
      ko: '요청 본문을 읽을 수 없습니다. 압축하지 않은 JSON으로 보내세요.',
    });
  }
  return new AppError('internal', 'Something went wrong on our side. Please try again.', {
    ko: '서버에서 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.',
  });
}

function isJson(text: string | undefined): boolean {
  if (text === undefined) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function answerWithJson(req: IncomingMessage, res: ServerResponse, err: BodyParserError | undefined): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const { status, body } = err
    ? toErrorResponse(bodyErrorToAppError(err), requestLocale(req))
    : toErrorResponse(
        new AppError('not_found', 'No such endpoint.', { ko: '그런 엔드포인트는 없습니다.' }),
        requestLocale(req),
      );
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
