/**
 * `POST /api/account/merge-guest` (docs/api-extensions.md): the caller, signed in
 * to an existing account, takes over everything a guest made. The body carries
 * the guest's ID token, taken before the browser switched accounts.
 */
import { InvalidArgumentError, UnauthenticatedError } from '@agent-platform/core/errors';
import type { Route } from '../http/router';
import { mergeGuestAccount } from './service';

/** Longer than any Firebase ID token (about 1 KB), short enough to refuse junk. */
const MAX_TOKEN_CHARS = 16_384;

/** The guest token from the body; a missing one is 401 like a missing bearer token. */
export function parseMergeBody(body: unknown): string {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidArgumentError({
      en: 'Send a JSON object: {"guestIdToken": "…"}.',
      ko: 'JSON 객체를 보내세요: {"guestIdToken": "…"}',
    });
  }
  const unknown = Object.keys(body).filter((k) => k !== 'guestIdToken');
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      { en: 'The request has fields this endpoint does not take.', ko: '이 엔드포인트가 받지 않는 항목이 있습니다.' },
      unknown.map((field) => ({ field, message: 'Unknown field.', ko: '알 수 없는 항목입니다.' })),
    );
  }
  const token = (body as { guestIdToken?: unknown }).guestIdToken;
  if (token === undefined || token === null || token === '') {
    throw new UnauthenticatedError({
      en: "Send the guest's ID token as guestIdToken.",
      ko: '게스트의 ID 토큰을 guestIdToken으로 보내세요.',
    });
  }
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS) {
    throw new InvalidArgumentError(
      { en: 'guestIdToken must be an ID token string.', ko: 'guestIdToken은 ID 토큰 문자열이어야 합니다.' },
      [{ field: 'guestIdToken', message: 'Must be a string of an ID token.', ko: 'ID 토큰 문자열이어야 합니다.' }],
    );
  }
  return token;
}

export const accountRoutes: Route[] = [
  {
    method: 'POST',
    path: '/api/account/merge-guest',
    async handle({ deps, user, body }) {
      const guestIdToken = parseMergeBody(body);
      return { status: 200, body: await mergeGuestAccount(deps, user, guestIdToken) };
    },
  },
];
