/**
 * A stand-in push service (the role FCM or Mozilla's autopush play for a real
 * browser) at `/__local/push/<channel>`, so web push can be tried and tested
 * offline. It checks what push services check before accepting a message
 * (RFC 8030, RFC 8292): a `TTL` header, an `aes128gcm` body of at most 4,096
 * bytes, and a VAPID `Authorization: vapid t=<JWT>, k=<key>` whose ES256
 * signature verifies with `k`, whose `aud` is this service's origin and whose
 * `exp` is in the future and at most 24 hours away. Accepted messages are kept
 * (still encrypted) for `GET` on the same path; a channel whose name starts
 * with `gone-` answers 410 like an ended subscription.
 */
import { createPublicKey, verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface PushedMessage {
  at: string;
  ttl: number;
  /** The encrypted body, base64. */
  body: string;
}

const MAX_BODY = 4096;

export class LocalPushService {
  private readonly channels = new Map<string, PushedMessage[]>();

  constructor(private readonly origin: () => string) {}

  async serve(req: IncomingMessage, res: ServerResponse, channel: string): Promise<void> {
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(channel)) return send(res, 404, { error: 'No such subscription.' });
    if (req.method === 'GET') return send(res, 200, { messages: this.channels.get(channel) ?? [] });
    if (req.method !== 'POST') return send(res, 405, { error: 'POST a message.' });
    const length = Number(req.headers['content-length'] ?? Number.NaN);
    if (!Number.isFinite(length) || length > MAX_BODY) return send(res, 413, { error: 'Payload too large.' });
    const problem = this.refusal(req);
    if (problem) return send(res, problem.status, { error: problem.message });
    const body = await readBody(req, MAX_BODY);
    if (!body) return send(res, 413, { error: 'Payload too large.' });
    if (channel.startsWith('gone-')) return send(res, 410, { error: 'The subscription has expired.' });
    const list = this.channels.get(channel) ?? [];
    list.push({ at: new Date().toISOString(), ttl: Number(req.headers.ttl), body: body.toString('base64') });
    this.channels.set(channel, list);
    res.writeHead(201, { Location: `${this.origin()}/__local/push/${channel}/${list.length}` });
    res.end();
  }

  /** Why the message is refused, or null. */
  private refusal(req: IncomingMessage): { status: number; message: string } | null {
    if (!/^\d+$/.test(String(req.headers.ttl ?? ''))) return { status: 400, message: 'TTL header required.' };
    if (req.headers['content-encoding'] !== 'aes128gcm') return { status: 415, message: 'aes128gcm only.' };
    const auth = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(String(req.headers.authorization ?? ''));
    if (!auth) return { status: 401, message: 'VAPID authorization required.' };
    const [jwt = '', key = ''] = [auth[1], auth[2]];
    const [h = '', c = '', s = ''] = jwt.split('.');
    try {
      const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { alg?: string };
      const claims = JSON.parse(Buffer.from(c, 'base64url').toString()) as { aud?: string; exp?: number; sub?: string };
      const point = Buffer.from(key, 'base64url');
      if (header.alg !== 'ES256' || point.length !== 65) return { status: 403, message: 'Bad VAPID key.' };
      const publicKey = createPublicKey({
        key: {
          kty: 'EC',
          crv: 'P-256',
          x: point.subarray(1, 33).toString('base64url'),
          y: point.subarray(33).toString('base64url'),
        },
        format: 'jwk',
      });
      const ok = verify(
        'sha256',
        Buffer.from(`${h}.${c}`),
        { key: publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(s, 'base64url'),
      );
      if (!ok) return { status: 403, message: 'VAPID signature does not verify.' };
      const now = Date.now() / 1000;
      if (claims.aud !== this.origin()) return { status: 403, message: 'VAPID aud is not this push service.' };
      if (typeof claims.exp !== 'number' || claims.exp <= now || claims.exp > now + 24 * 3600) {
        return { status: 403, message: 'VAPID exp must be within 24 hours.' };
      }
      if (!claims.sub) return { status: 403, message: 'VAPID sub required.' };
    } catch {
      return { status: 403, message: 'Malformed VAPID token.' };
    }
    return null;
  }
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
