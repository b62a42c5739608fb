/**
 * The private workers' caller check (functions/src/http/task-caller.ts): the
 * claims of the token Cloud Run hands over, its signature already removed.
 */
import { UnauthenticatedError } from '@agent-platform/core/errors';
import { checkTaskCaller, isOwnAudience } from '../../src/http/task-caller';
import { loadConfig } from '../../src/shared/config';

const INVOKER = 'tasks-invoker@demo.iam.gserviceaccount.com';
const URL = 'https://p-run-agent-123456789.europe-west1.run.app';
const config = loadConfig({
  PLATFORM_ENV: 'test',
  FUNCTION_REGION: 'europe-west1',
  TASKS_INVOKER_SERVICE_ACCOUNT: INVOKER,
  RUN_AGENT_URL: URL,
  K_SERVICE: 'p-run-agent',
});
const now = new Date('2026-11-29T12:00:00Z');
const seconds = now.getTime() / 1000;

/** A token as Cloud Run passes it on: header, claims, and the signature replaced. */
function stripped(claims: Record<string, unknown>, signature = 'SIGNATURE_REMOVED_BY_GOOGLE'): string {
  const part = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'k', typ: 'JWT' })}.${part(claims)}.${signature}`;
}
const valid = {
  iss: 'https://accounts.google.com',
  aud: URL,
  email: INVOKER,
  email_verified: true,
  iat: seconds - 10,
  exp: seconds + 3590,
};
const check = (headers: Record<string, string>) => checkTaskCaller({ headers }, URL, config, now);
const bearer = (claims: Record<string, unknown>) => ({ authorization: `Bearer ${stripped(claims)}` });

test('accepts the invoker account’s token for this worker, its signature removed by Cloud Run', () => {
  expect(() => check(bearer(valid))).not.toThrow();
  // The issuer may come without its scheme, as Google writes it in some tokens.
  expect(() => check(bearer({ ...valid, iss: 'accounts.google.com' }))).not.toThrow();
});

test.each([
  ['no token at all', {}],
  ['a token that is not a JWT', { authorization: 'Bearer abc' }],
  ['another issuer', bearer({ ...valid, iss: 'https://securetoken.google.com/demo' })],
  ['another account', bearer({ ...valid, email: 'someone@demo.iam.gserviceaccount.com' })],
  ['an unverified email', bearer({ ...valid, email_verified: false })],
  ['another worker’s audience', bearer({ ...valid, aud: 'https://p-chat-turn-123456789.europe-west1.run.app' })],
  [
    'a user’s Firebase token',
    bearer({ iss: 'https://securetoken.google.com/demo', aud: 'demo', sub: 'u1', exp: seconds + 60 }),
  ],
  ['an expired token', bearer({ ...valid, exp: seconds - 1 })],
])('refuses %s with 401', (_name, headers) => {
  expect(() => check(headers as Record<string, string>)).toThrow(UnauthenticatedError);
});

test('reads X-Serverless-Authorization first, as Cloud Run does when both headers come', () => {
  expect(() =>
    check({ 'x-serverless-authorization': `Bearer ${stripped(valid)}`, authorization: 'Bearer user-token' }),
  ).not.toThrow();
  expect(() =>
    check({ 'x-serverless-authorization': 'Bearer nope', authorization: `Bearer ${stripped(valid)}` }),
  ).toThrow(UnauthenticatedError);
});

test.each([
  ['the configured URL', URL, true],
  ['the configured URL with a slash', `${URL}/`, true],
  ['the deterministic form of this service', 'https://p-run-agent-987654321.europe-west1.run.app', true],
  ['the hashed form of this service', 'https://p-run-agent-abcd1234ef-ew.a.run.app', true],
  ['another service, deterministic', 'https://p-chat-turn-123456789.europe-west1.run.app', false],
  ['another service, hashed', 'https://p-chat-abcd1234ef-ew.a.run.app', false],
  ['this service in another region', 'https://p-run-agent-123456789.us-central1.run.app', false],
  ['a look-alike host', 'https://p-run-agent-123456789.europe-west1.run.app.evil.example', false],
  ['plain http', 'http://p-run-agent-123456789.europe-west1.run.app', false],
])('an audience of %s is %s', (_name, audience, own) => {
  expect(isOwnAudience(audience, URL, config)).toBe(own);
});
