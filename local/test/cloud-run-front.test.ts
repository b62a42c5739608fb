/**
 * The local Cloud Run front (local/src/google/cloud-run-front.ts): public
 * services take everyone; private ones take only a valid token of an invoker
 * account for their own URL, and pass it on with its signature removed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CloudRunFront, SIGNATURE_REMOVED } from '../src/google/cloud-run-front';
import { LocalGoogleIdentity, PUBSUB_PUSH, TASKS_INVOKER } from '../src/google/identity';

let clock = 1_800_000_000;
const identity = new LocalGoogleIdentity(Buffer.alloc(32, 7), () => clock);
const urlOf = (s: string) => `http://127.0.0.1:5000/__local/functions/${s}`;
const front = new CloudRunFront(
  identity,
  { agents: { invokers: 'allUsers' }, runAgent: { invokers: [TASKS_INVOKER] }, tick: { invokers: [PUBSUB_PUSH] } },
  urlOf,
);

function call(service: string, headers: Record<string, string> = {}) {
  const req = { headers: { ...headers } } as unknown as IncomingMessage;
  const written: { status?: number; body?: string } = {};
  const res = {
    writeHead(status: number) {
      written.status = status;
      return this;
    },
    end(body?: string) {
      written.body = body;
    },
  } as unknown as ServerResponse;
  return { admitted: front.admit(service, req, res), status: written.status, req };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

test('a public service takes any request, a token or none', () => {
  expect(call('agents').admitted).toBe(true);
  expect(call('agents', bearer('whatever')).admitted).toBe(true);
});

test('a private service takes its invoker’s token and hands it on with the signature removed', () => {
  const token = identity.tokenFor(TASKS_INVOKER, urlOf('runAgent'));
  const { admitted, req } = call('runAgent', bearer(token));
  expect(admitted).toBe(true);
  const [head, body, signature] = String(req.headers.authorization).replace('Bearer ', '').split('.');
  expect(signature).toBe(SIGNATURE_REMOVED);
  expect(`${head}.${body}`).toBe(token.split('.').slice(0, 2).join('.'));
});

test('a token in X-Serverless-Authorization is the one checked and stripped', () => {
  const token = identity.tokenFor(TASKS_INVOKER, urlOf('runAgent'));
  const { admitted, req } = call('runAgent', {
    'x-serverless-authorization': `Bearer ${token}`,
    authorization: 'Bearer user',
  });
  expect(admitted).toBe(true);
  expect(String(req.headers['x-serverless-authorization']).endsWith(`.${SIGNATURE_REMOVED}`)).toBe(true);
  expect(req.headers.authorization).toBe('Bearer user');
});

test.each([
  ['no token', () => ({}), 401],
  ['a forged signature', () => bearer(`${identity.tokenFor(TASKS_INVOKER, urlOf('runAgent')).slice(0, -4)}AAAA`), 401],
  ['another service’s audience', () => bearer(identity.tokenFor(TASKS_INVOKER, urlOf('tick'))), 401],
  ['an account without the invoker role', () => bearer(identity.tokenFor(PUBSUB_PUSH, urlOf('runAgent'))), 403],
  [
    'a stripped token (only Cloud Run strips)',
    () =>
      bearer(
        `${identity.tokenFor(TASKS_INVOKER, urlOf('runAgent')).split('.').slice(0, 2).join('.')}.${SIGNATURE_REMOVED}`,
      ),
    401,
  ],
])('a private service refuses %s, and the function never runs', (_name, headers, status) => {
  const result = call('runAgent', headers());
  expect([result.admitted, result.status]).toEqual([false, status]);
});

test('a token past its hour is refused', () => {
  const token = identity.tokenFor(TASKS_INVOKER, urlOf('runAgent'));
  clock += 3600;
  expect(call('runAgent', bearer(token))).toMatchObject({ admitted: false, status: 401 });
  clock -= 3600;
});

test('an unknown service answers 404', () => {
  expect(call('nothing')).toMatchObject({ admitted: false, status: 404 });
});

test('every admitted request carries one trace in both of Cloud Run’s headers, the caller’s when it sent one', () => {
  const { req } = call('agents');
  const traceparent = String(req.headers.traceparent);
  const [, trace, span] = /^00-([0-9a-f]{32})-([0-9a-f]{16})-00$/.exec(traceparent) ?? [];
  expect(trace).toBeDefined();
  expect(req.headers['x-cloud-trace-context']).toBe(`${trace}/${BigInt(`0x${span}`)};o=0`);
  expect(call('agents').req.headers.traceparent).not.toBe(traceparent);

  const given = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  expect(call('agents', { traceparent: given }).req.headers.traceparent).toBe(given);
  const refused = call('runAgent');
  expect(refused.admitted).toBe(false);
});
