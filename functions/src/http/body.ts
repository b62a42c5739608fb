/**
 * The request body as the API takes it: JSON, within the size limit (413),
 * with the right content type. The Framework has parsed it already; malformed
 * JSON never reaches us (see express-errors.ts).
 */

import { InvalidArgumentError, PayloadTooLargeError } from '@agent-platform/core/errors';
import type { Request } from '@google-cloud/functions-framework';

const NOT_JSON = {
  en: 'Send the body as JSON with Content-Type: application/json.',
  ko: '본문을 Content-Type: application/json 인 JSON으로 보내세요.',
};

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
    throw new InvalidArgumentError({
      en: 'The request body must be a JSON object.',
      ko: '요청 본문은 JSON 객체여야 합니다.',
    });
  }
  return req.body;
}

/** Refuses a body with any field: endpoints that take none accept no body, or `{}`. */
export function assertNoFields(body: unknown): void {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidArgumentError({
      en: 'This request takes no body, or an empty JSON object {}.',
      ko: '이 요청은 본문이 없거나 빈 JSON 객체 {} 여야 합니다.',
    });
  }
  const fields = Object.keys(body);
  if (fields.length > 0) {
    throw new InvalidArgumentError(
      {
        en: 'This request takes no fields; send no body or {}.',
        ko: '이 요청은 항목을 받지 않습니다. 본문 없이 보내거나 {}를 보내세요.',
      },
      fields.map((field) => ({ field, message: 'Unknown field.', ko: '알 수 없는 항목입니다.' })),
    );
  }
}
