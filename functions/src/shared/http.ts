/**
 * The thin HTTP edge shared by every HTTP function: route matching, the token
 * check, request limits, and the one place errors become responses.
 * Handlers parse and validate; services decide; stores touch the database.
 */
import type { Request, Response } from '@google-cloud/functions-framework';
import { type AuthUser, bearerToken } from '../ports/auth';
import {
  AppError,
  InvalidArgumentError,
  NotFoundError,
  PayloadTooLargeError,
  toErrorResponse,
  UnauthenticatedError,
} from './errors';
import { installJsonErrorHandler } from './express-errors';
import { adapters } from './factory';
import { log } from './log';

installJsonErrorHandler();

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteContext {
  req: Request;
  res: Response;
  /** Path parameters, e.g. `{id}` for `/api/agents/:id`. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The caller; present on every route that requires a user. */
  user: AuthUser;
  /** The parsed JSON body (`{}` when empty); only for POST, PATCH and PUT. */
  body: unknown;
}

/** What a handler returns; `undefined` when it wrote the response itself (streams). */
export type RouteResult = { status: number; body?: unknown; headers?: Record<string, string> } | undefined;

export interface Route {
  method: Method;
  /** Express-style pattern: `/api/agents/:id/run`. */
  path: string;
  /** `user` (default) requires a valid ID token; `none` is for callers checked otherwise. */
  auth?: 'user' | 'none';
  handle(ctx: RouteContext): Promise<RouteResult>;
}

interface CompiledRoute extends Route {
  regex: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const pattern = route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { ...route, regex: new RegExp(`^${pattern}/?$`), names };
}

/** Builds an HTTP function handler that serves the given routes. */
export function httpFunction(routes: Route[]): (req: Request, res: Response) => Promise<void> {
  const compiled = routes.map(compile);
  return async (req, res) => {
    try {
      const url = new URL(req.originalUrl ?? req.url, 'http://localhost');
      const matches = compiled.map((r) => ({ route: r, m: r.regex.exec(url.pathname) })).filter((x) => x.m !== null);
      if (matches.length === 0) throw new NotFoundError('The endpoint');
      const hit = matches.find((x) => x.route.method === req.method);
      if (!hit?.m) {
        res.setHeader('Allow', matches.map((x) => x.route.method).join(', '));
        throw new AppError('not_found', `${req.method} is not supported on ${url.pathname}.`);
      }
      const params: Record<string, string> = {};
      hit.route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(hit.m?.[i + 1] ?? '');
      });
      const user = hit.route.auth === 'none' ? { uid: '', provider: 'none' } : await authenticate(req);
      const body = ['POST', 'PATCH', 'PUT'].includes(req.method) ? readJsonBody(req) : undefined;
      const result = await hit.route.handle({ req, res, params, query: url.searchParams, user, body });
      if (result) sendJson(res, result.status, result.body, result.headers);
    } catch (err) {
      sendError(res, err, req);
    }
  };
}

/** Verifies the caller's ID token through the Auth port. */
export async function authenticate(req: Request): Promise<AuthUser> {
  const token = bearerToken(req.headers.authorization);
  if (!token) throw new UnauthenticatedError();
  return adapters().auth.verifyIdToken(token);
}

/**
 * The request body as JSON, enforcing the size limit (413) and the content
 * type. The Framework has parsed it already; malformed JSON never reaches us
 * (see express-errors.ts).
 */
export function readJsonBody(req: Request): unknown {
  const limit = adapters().config.http.maxBodyBytes;
  const size = req.rawBody?.length ?? Number(req.headers['content-length'] ?? 0);
  if (size > limit) throw new PayloadTooLargeError(limit);
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

const NOT_JSON = 'Send the body as JSON with Content-Type: application/json.';

export function sendJson(res: Response, status: number, body?: unknown, headers?: Record<string, string>): void {
  if (headers) for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Cache-Control', 'no-store');
  if (body === undefined) {
    res.status(status).end();
    return;
  }
  res.status(status).json(body);
}

/** Writes any error as the API's error body; logs what the caller does not see. */
export function sendError(res: Response, err: unknown, req?: Request): void {
  const { status, body, headers } = toErrorResponse(err);
  if (status >= 500) {
    log.error('request failed', { method: req?.method, path: req?.path, err: describeError(err) });
  }
  if (res.headersSent) {
    res.end();
    return;
  }
  sendJson(res, status, body, headers);
}

function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { value: String(err) };
}
