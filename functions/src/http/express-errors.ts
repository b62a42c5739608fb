/**
 * The Functions Framework parses request bodies before our handler runs, and
 * Express answers a parse failure with an HTML page. docs/api.md promises JSON
 * errors everywhere, so we give the Framework's Express apps a final error
 * handler that answers in the API's format. Express copies `application.handle`
 * into each app when it is created, and the Framework creates its app after our
 * module is loaded (production and tests alike), so patching the prototype once
 * at load time is enough.
 */
import { AppError, InvalidArgumentError, PayloadTooLargeError, toErrorResponse } from '@agent-platform/core/errors';

interface BodyParserError extends Error {
  type?: string;
  /** The raw body text, for parse failures. */
  body?: string;
  status?: number;
  limit?: number;
}

let installed = false;

/** Installs the JSON final handler on Express (idempotent). */
export function installJsonErrorHandler(): void {
  if (installed) return;
  installed = true;
  // Resolved from the Framework's own dependency so both patch the same Express.
  const express = require('express') as { application: { handle: (...args: unknown[]) => unknown } };
  const original = express.application.handle;
  express.application.handle = function handle(this: unknown, req: unknown, res: unknown, callback?: unknown) {
    const done =
      typeof callback === 'function'
        ? callback
        : (err?: unknown) => answerWithJson(res as import('http').ServerResponse, err as BodyParserError | undefined);
    return original.call(this, req, res, done);
  };
}

/** Maps a body-parser failure to the API's error body. */
export function bodyErrorToAppError(err: BodyParserError): AppError {
  if (err.type === 'entity.parse.failed') {
    // The parser refuses bare values (`null`, `"text"`, `3`) too, which are JSON but not an object.
    return isJson(err.body)
      ? new InvalidArgumentError('The request body must be a JSON object.')
      : new InvalidArgumentError('The request body is not valid JSON.');
  }
  if (err.type === 'entity.too.large') return new PayloadTooLargeError(err.limit ?? 0);
  if (err.type === 'encoding.unsupported' || err.status === 415) {
    return new InvalidArgumentError(
      'Send the body as plain JSON (no Content-Encoding) with Content-Type: application/json.',
    );
  }
  // Anything else the body parser refuses (a broken gzip stream, an aborted upload): its own
  // message is about internals (zlib, sockets), so answer in the API's words.
  if (err.status && err.status >= 400 && err.status < 500) {
    return new InvalidArgumentError('The request body could not be read; send plain JSON.');
  }
  return new AppError('internal', 'Something went wrong on our side. Please try again.');
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

function answerWithJson(res: import('http').ServerResponse, err: BodyParserError | undefined): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const { status, body } = err
    ? toErrorResponse(bodyErrorToAppError(err))
    : toErrorResponse(new AppError('not_found', 'No such endpoint.'));
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
