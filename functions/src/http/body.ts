/**
 * The request body as the API takes it: JSON, within the size limit (413),
 * with the right content type. The Framework has parsed it already; malformed
 * JSON never reaches us (see express-errors.ts).
 */

import { InvalidArgumentError, PayloadTooLargeError } from '@agent-platform/core/errors';
import type { Request } from '@google-cloud/functions-framework';

const NOT_JSON = 'Send the body as JSON with Content-Type: application/json.';

export function readJsonBody(req: Request, maxBodyBytes: number): unknown {
  const size = req.rawBody?.length ?? Number(req.headers['content-length'] ?? 0);
  if (size > maxBodyBytes) throw new PayloadTooLargeError(maxBodyBytes);
  const sent = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!req.rawBody || req.rawBody.length === 0) {
    // A body without a Content-Type is not parsed at all: say so rather than treat it as empty.
    if (sent && !req.headers['content-type']) throw new InvalidArgumentError(NOT_JSON);
    return {};
  }
  if (!req.is('application/json')) throw new InvalidArgumentError(NOT_JSON);
  if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
    throw new InvalidArgumentError('The request body must be a JSON object.');
  }
  return req.body;
}

/** Refuses a body with any field: endpoints that take none accept no body, or `{}`. */
export function assertNoFields(body: unknown): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidArgumentError('This request takes no body, or an empty JSON object {}.');
  }
  const fields = Object.keys(body);
  if (fields.length > 0) {
    throw new InvalidArgumentError(
      'This request takes no fields; send no body or {}.',
      fields.map((field) => ({ field, message: 'Unknown field.' })),
    );
  }
}
