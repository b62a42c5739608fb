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
    throw new InvalidArgumentError('Send a JSON object: {"guestIdToken": "…"}.');
  }
  const unknown = Object.keys(body).filter((k) => k !== 'guestIdToken');
  if (unknown.length > 0) {
    throw new InvalidArgumentError(
      'The request has fields this endpoint does not take.',
      unknown.map((field) => ({ field, message: 'Unknown field.' })),
    );
  }
  const token = (body as { guestIdToken?: unknown }).guestIdToken;
  if (token === undefined || token === null || token === '') {
    throw new UnauthenticatedError("Send the guest's ID token as guestIdToken.");
  }
  if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS) {
    throw new InvalidArgumentError('guestIdToken must be an ID token string.', [
      { field: 'guestIdToken', message: 'Must be a string of an ID token.' },
    ]);
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
