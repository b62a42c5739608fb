/**
 * Firebase Hosting, as the local stack puts it before everything people reach:
 * the web app's files, and firebase.json's rewrites to the public functions.
 *
 * What it does as Hosting does (https://firebase.google.com/docs/hosting/functions,
 * https://firebase.google.com/docs/hosting/full-config):
 * - existing files first, then the rewrites in order (firebase.json is the one source);
 * - a rewritten request goes to the function as a separate HTTP request, with only
 *   the `__session` cookie, and the function's answer is **buffered**: it reaches the
 *   browser only when complete (server-sent events arrive in one piece;
 *   https://github.com/firebase/firebase-tools/issues/9774);
 * - an answer not complete after 60 s is cut with 504; the function goes on;
 * - firebase.json's `headers` are added to matching responses;
 * - the CDN keeps what cdn-cache.ts says it keeps.
 */
import { type IncomingMessage, request, type ServerResponse } from 'node:http';
import { log } from '@agent-platform/functions/host';
import { type CachedResponse, CdnCache } from './cdn-cache';
import { functionNameOfService, type HeaderRule, type Rewrite } from './rewrites';
import { serveStatic } from './static-files';

/** Hosting cuts a rewritten request that has not answered after this long. */
export const HOSTING_TIMEOUT_MS = 60_000;

// Not passed on between hops (RFC 9110 §7.6.1), or recomputed for the buffered body.
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'content-length',
]);

export interface HostingFrontOptions {
  webRoot: string;
  rewrites: Rewrite[];
  headers: HeaderRule[];
  /** The URL of a function's Cloud Run service (the local Cloud Run front). */
  serviceUrl: (functionName: string) => string;
  /** Defaults to 60 s, Hosting's; tests shorten it to see the cut without waiting a minute. */
  timeoutMs?: number;
}

export class HostingFront {
  private readonly cdn = new CdnCache();

  constructor(private readonly options: HostingFrontOptions) {}

  /** Serves a request people make; false when no file or rewrite matches (the caller answers 404). */
  async handle(req: IncomingMessage, res: ServerResponse, path: string): Promise<boolean> {
    const { webRoot, rewrites } = this.options;
    const head = req.method === 'HEAD';
    const addHeaders = () => this.addConfiguredHeaders(res, path);
    if ((req.method === 'GET' || head) && serveStatic(webRoot, path, res, head, addHeaders)) return true;
    for (const rewrite of rewrites) {
      if (!rewrite.regex.test(path)) continue;
      if ('serviceId' in rewrite) {
        await this.proxy(functionNameOfService(rewrite.serviceId), req, res, path);
        return true;
      }
      if (serveStatic(webRoot, rewrite.destination, res, head, addHeaders)) return true;
    }
    return false;
  }

  private addConfiguredHeaders(res: ServerResponse, path: string): void {
    for (const rule of this.options.headers) {
      if (!rule.regex.test(path)) continue;
      for (const { key, value } of rule.headers) res.setHeader(key, value);
    }
  }

  /** One rewritten request: forwarded, buffered, cut at the timeout. */
  private async proxy(fn: string, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const url = req.url ?? path;
    const cached = this.cdn.get(req.method ?? 'GET', url);
    if (cached) return this.send(res, path, cached, req.method === 'HEAD');
    const timeoutMs = this.options.timeoutMs ?? HOSTING_TIMEOUT_MS;
    const answer = await new Promise<CachedResponse | 'timeout'>((resolve) => {
      const timer = setTimeout(() => resolve('timeout'), timeoutMs);
      let answered = false;
      const upstream = request(
        `${this.options.serviceUrl(fn)}${url}`,
        { method: req.method, headers: forwardedHeaders(req) },
        (reply) => {
          // A function may answer before it has read the whole body (a refusal): its answer stands.
          answered = true;
          const chunks: Buffer[] = [];
          reply.on('data', (c: Buffer) => chunks.push(c));
          reply.on('end', () => {
            clearTimeout(timer);
            resolve({ status: reply.statusCode ?? 502, headers: responseHeaders(reply), body: Buffer.concat(chunks) });
          });
          reply.on('error', () => {
            clearTimeout(timer);
            resolve({ status: 502, headers: {}, body: Buffer.from('Bad gateway') });
          });
        },
      );
      upstream.on('error', (err) => {
        if (answered) return;
        clearTimeout(timer);
        log.warn('hosting: the function could not be reached', { fn, err });
        resolve({ status: 502, headers: { 'content-type': 'text/plain' }, body: Buffer.from('Bad gateway') });
      });
      req.pipe(upstream);
    });
    if (answer === 'timeout') {
      // The function keeps running (and keeps writing to the store); only this answer is lost.
      res.writeHead(504, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('<h1>504 Gateway Timeout</h1><p>The function did not answer within 60 seconds.</p>');
      return;
    }
    this.cdn.put(req.method ?? 'GET', url, answer);
    this.send(res, path, answer, req.method === 'HEAD');
  }

  private send(res: ServerResponse, path: string, answer: CachedResponse, head: boolean): void {
    if (res.headersSent || res.destroyed) return;
    for (const [key, value] of Object.entries(answer.headers)) res.setHeader(key, value);
    this.addConfiguredHeaders(res, path);
    res.setHeader('Content-Length', String(answer.body.length));
    res.writeHead(answer.status);
    res.end(head ? undefined : answer.body);
  }
}

/** The request as Hosting passes it on: its headers, but of its cookies only `__session`. */
function forwardedHeaders(req: IncomingMessage): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(key) || key === 'cookie' || key === 'host') continue;
    out[key] = value;
  }
  if (req.headers['content-length'] !== undefined) out['content-length'] = req.headers['content-length'];
  else if (req.headers['transfer-encoding'] !== undefined) out['transfer-encoding'] = 'chunked';
  const session = String(req.headers.cookie ?? '')
    .split(';')
    .map((c) => c.trim())
    .find((c) => c.startsWith('__session='));
  if (session) out.cookie = session;
  out['x-forwarded-host'] = String(req.headers.host ?? '');
  out['x-forwarded-proto'] = 'http';
  out['x-forwarded-for'] = req.socket.remoteAddress ?? '127.0.0.1';
  return out;
}

function responseHeaders(reply: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(reply.headers)) {
    if (value === undefined || HOP_BY_HOP.has(key)) continue;
    out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
