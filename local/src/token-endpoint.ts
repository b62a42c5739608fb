/**
 * `POST /__local/token`: the local stand-in for the Secure Token API's refresh
 * (https://firebase.google.com/docs/reference/rest/auth#section-refresh-token),
 * which the Firebase JS SDK calls for a fresh ID token. It takes the same body
 * (`grant_type=refresh_token&refresh_token=…`, form-encoded as the SDK sends it,
 * or JSON), answers the same fields and, for a refused request, the same
 * Google error body with status 400 and the documented message
 * (`INVALID_REFRESH_TOKEN`, `MISSING_REFRESH_TOKEN`, `INVALID_GRANT_TYPE`).
 * The refresh token travels in the body only, never in the URL (which logs show).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalAuth } from './guest-auth';

/** Far above any real request (a 43-character token), far below anything that could hurt. */
export const MAX_TOKEN_BODY_BYTES = 4 * 1024;

type Refresher = Pick<LocalAuth, 'refresh' | 'projectId'>;

export async function serveTokenRefresh(req: IncomingMessage, res: ServerResponse, auth: Refresher): Promise<void> {
  const raw = await readBounded(req, MAX_TOKEN_BODY_BYTES);
  if (raw === null) return refuse(res, 413, 'PAYLOAD_TOO_LARGE', 'INVALID_ARGUMENT', { Connection: 'close' });
  const fields = parseBody(raw, req.headers['content-type']);
  if (!fields) return refuse(res, 400, 'Invalid JSON payload received.', 'INVALID_ARGUMENT');
  if (fields.grant_type !== 'refresh_token') return refuse(res, 400, 'INVALID_GRANT_TYPE', 'INVALID_ARGUMENT');
  const token = fields.refresh_token;
  if (typeof token !== 'string' || token === '') return refuse(res, 400, 'MISSING_REFRESH_TOKEN', 'INVALID_ARGUMENT');
  const fresh = auth.refresh(token);
  if (!fresh) return refuse(res, 400, 'INVALID_REFRESH_TOKEN', 'INVALID_ARGUMENT');
  send(res, 200, {
    access_token: fresh.idToken,
    expires_in: String(fresh.expiresInSeconds),
    token_type: 'Bearer',
    refresh_token: token,
    id_token: fresh.idToken,
    user_id: fresh.uid,
    project_id: auth.projectId,
  });
}

/** The body, or null once it passes `limit` bytes (by its Content-Length or as it arrives). */
export function readBounded(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Stop keeping what arrives; the answer closes the connection.
      req.off('data', onData);
      req.resume();
      resolve(null);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> | null {
  const text = raw.toString('utf8');
  if (/^application\/json\b/i.test(contentType ?? '')) {
    try {
      const value: unknown = JSON.parse(text);
      return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  return Object.fromEntries(new URLSearchParams(text));
}

function refuse(
  res: ServerResponse,
  status: number,
  message: string,
  code: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, { error: { code: status, message, status: code } }, headers);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(JSON.stringify(body));
}
