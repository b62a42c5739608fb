/**
 * The one HTTP client for requests we make on a user's behalf (webhooks, web
 * push). A user picks the address, so the address is checked before anything is
 * sent: the host is resolved here, every address it resolves to must be a
 * public unicast one (not loopback, private, link-local — the metadata server
 * at 169.254.169.254 among them — CGNAT, multicast, reserved, nor an IPv6 form
 * wrapping one: IPv4-mapped, NAT64, 6to4, Teredo), and the connection goes to
 * the address that was checked, so a name that resolves differently a moment
 * later (DNS rebinding) cannot move the request elsewhere. Redirects are not
 * followed; time and answer size are bounded. `https` only in production; the
 * local stack also allows plain http to 127.0.0.1, localhost and [::1].
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { LookupFunction } from 'node:net';
import { AppError } from '@agent-platform/core/errors';
import ipaddr from 'ipaddr.js';
import type { Config } from '../shared/config';

/** What may be reached. */
export interface AddressPolicy {
  /** Allow 127.0.0.1, localhost and [::1], over http too (local stack and tests, never production). */
  allowLoopback: boolean;
}

/** Production refuses plain http and loopback; the local stack allows loopback so people can try it. */
export function addressPolicy(config: Pick<Config, 'env'>): AddressPolicy {
  return { allowLoopback: config.env !== 'production' };
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** An address we will not send to, or a URL we will not use: 400 at save, a failed delivery at send. */
export class TargetRefusedError extends AppError {
  constructor(en: string, ko: string, field?: string) {
    super('invalid_argument', en, { details: field ? [{ field, message: en }] : undefined, retryable: false, ko });
  }
}

export interface CheckedTarget {
  url: URL;
  /** The address the connection goes to. */
  address: string;
  family: 4 | 6;
}

type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;
// Node's dns, http and https (which pulls in tls) load on the first delivery, not at every cold start.
const systemResolver: Resolver = (host) =>
  (require('node:dns/promises') as typeof import('node:dns/promises')).lookup(host, { all: true, verbatim: true });

/**
 * Resolves the URL's host and checks every address it gives; throws
 * TargetRefusedError for a URL or an address we will not reach.
 */
export async function checkTarget(
  raw: string,
  policy: AddressPolicy,
  field?: string,
  resolve: Resolver = systemResolver,
): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefusedError('Not a valid address.', '올바른 주소가 아닙니다.', field);
  }
  const loopbackName = LOOPBACK_NAMES.has(url.hostname);
  if (url.username || url.password) {
    throw new TargetRefusedError(
      'No user name or password in the address.',
      '주소에 사용자 이름이나 비밀번호를 넣을 수 없습니다.',
      field,
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowLoopback && loopbackName)) {
    throw new TargetRefusedError('The address must start with https://.', '주소는 https:// 로 시작해야 합니다.', field);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  if (ipaddr.isValid(host)) addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
  else {
    try {
      addresses = await resolve(host);
    } catch {
      throw new TargetRefusedError(`The host ${host} could not be found.`, `${host} 호스트를 찾을 수 없습니다.`, field);
    }
  }
  if (addresses.length === 0) {
    throw new TargetRefusedError(`The host ${host} could not be found.`, `${host} 호스트를 찾을 수 없습니다.`, field);
  }
  // Every address must pass: a name that also resolves to a private one is refused, whichever would be used.
  for (const a of addresses) {
    if (!isReachable(a.address, policy.allowLoopback && loopbackName)) {
      throw new TargetRefusedError(
        'That address is private or reserved; only public internet addresses can receive deliveries.',
        '사설 또는 예약된 주소입니다. 공개 인터넷 주소만 받을 수 있습니다.',
        field,
      );
    }
  }
  const first = addresses[0] as { address: string; family: number };
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** Whether an IP address is one we may connect to: public unicast only (loopback when allowed). */
export function isReachable(address: string, allowLoopback = false): boolean {
  if (!ipaddr.isValid(address)) return false;
  // process() unwraps IPv4-mapped IPv6 (::ffff:10.0.0.1) to the IPv4 address it carries.
  const ip = ipaddr.process(address);
  const range = ip.range();
  if (range === 'unicast') return true;
  return allowLoopback && range === 'loopback';
}

export interface GuardedRequest {
  method?: 'POST' | 'GET';
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** The whole exchange, connection to last byte. */
  timeoutMs?: number;
  /** Answer bytes kept; the rest is not read. */
  maxResponseBytes?: number;
}

export interface GuardedResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The answer's first `maxResponseBytes`, as text. */
  text: string;
}

/**
 * Sends one request to a checked address. A redirect is an answer like any
 * other (its status is returned, its Location not followed).
 */
export async function guardedFetch(
  raw: string,
  init: GuardedRequest,
  policy: AddressPolicy,
  resolve?: Resolver,
): Promise<GuardedResponse> {
  const target = await checkTarget(raw, policy, undefined, resolve);
  const timeoutMs = init.timeoutMs ?? 10_000;
  const maxBytes = init.maxResponseBytes ?? 64 * 1024;
  // The connection uses the address checked above, never a second lookup.
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    } else callback(null, target.address, target.family);
  };
  const send =
    target.url.protocol === 'https:'
      ? (require('node:https') as typeof import('node:https')).request
      : (require('node:http') as typeof import('node:http')).request;
  return new Promise<GuardedResponse>((resolvePromise, reject) => {
    const req = send(
      target.url,
      {
        method: init.method ?? 'POST',
        headers: {
          ...init.headers,
          ...(init.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(init.body)) } : {}),
        },
        lookup: pinned,
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () =>
          resolvePromise({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          });
        res.on('data', (chunk: Buffer) => {
          if (size >= maxBytes) return;
          chunks.push(chunk.subarray(0, maxBytes - size));
          size += chunk.length;
          if (size >= maxBytes) {
            // Enough: the rest is not read.
            done();
            res.destroy();
          }
        });
        res.on('end', done);
        res.on('error', (err) => (size >= maxBytes ? done() : reject(err)));
      },
    );
    req.on('error', (err) =>
      reject(
        err.name === 'AbortError' || err.name === 'TimeoutError' ? new Error(`No answer within ${timeoutMs} ms.`) : err,
      ),
    );
    req.end(init.body);
  });
}
