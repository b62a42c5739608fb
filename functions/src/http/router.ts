/**
 * The thin HTTP edge shared by every HTTP function: route matching (404 for an
 * unknown path, 405 with `Allow` for a wrong method), the token check, the
 * body, and the one place errors become responses. Routes get their
 * dependencies in their context; they unpack the request, call a service and
 * say what to answer.
 */

import { MethodNotAllowedError, NotFoundError, UnauthenticatedError } from '@agent-platform/core/errors';
import { APP_CHECK_HEADER, type AuthUser, appCheckRefused, bearerToken } from '@agent-platform/core/ports';
import type { Request, Response } from '@google-cloud/functions-framework';
import type { Adapters } from '../shared/factory';
import { readJsonBody } from './body';
import { installRequestEdge } from './request-edge';
import { sendError, sendJson } from './respond';

installRequestEdge();

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteContext {
  req: Request;
  res: Response;
  /** The adapters of this instance (store, queue, auth, model, config, clock). */
  deps: Adapters;
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

const WITH_BODY: readonly string[] = ['POST', 'PATCH', 'PUT'];

/**
 * Builds an HTTP function handler that serves `routes`. `deps` gives the
 * adapters of this instance (built lazily by the factory); it is called once
 * per request.
 */
export function httpFunction(routes: Route[], deps: () => Adapters): (req: Request, res: Response) => Promise<void> {
  const compiled = routes.map(compile);
  return async (req, res) => {
    try {
      const url = new URL(req.originalUrl ?? req.url, 'http://localhost');
      const matches = compiled.map((r) => ({ route: r, m: r.regex.exec(url.pathname) })).filter((x) => x.m !== null);
      if (matches.length === 0) throw new NotFoundError({ en: 'The endpoint', ko: '엔드포인트' });
      const hit = matches.find((x) => x.route.method === req.method);
      if (!hit?.m)
        throw new MethodNotAllowedError(req.method, url.pathname, [...new Set(matches.map((x) => x.route.method))]);
      const params: Record<string, string> = {};
      hit.route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(hit.m?.[i + 1] ?? '');
      });
      const d = deps();
      if (d.config.appCheck.enforce) await requireAppCheck(d, req);
      const user = hit.route.auth === 'none' ? { uid: '', provider: 'none' } : await authenticate(d, req);
      const body = WITH_BODY.includes(req.method) ? readJsonBody(req, d.config.http.maxBodyBytes) : undefined;
      const result = await hit.route.handle({ req, res, deps: d, params, query: url.searchParams, user, body });
      if (result) sendJson(res, result.status, result.body, result.headers);
    } catch (err) {
      sendError(res, err, req);
    }
  };
}

/**
 * With `APP_CHECK_ENFORCE` on, every request to a public function must carry the
 * web app's App Check token, checked before the ID token
 * (https://firebase.google.com/docs/app-check/custom-resource-backend).
 */
async function requireAppCheck(deps: Pick<Adapters, 'appCheck'>, req: Request): Promise<void> {
  const header = req.headers[APP_CHECK_HEADER];
  const token = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!token) throw appCheckRefused();
  await deps.appCheck.verifyToken(token);
}

/** Verifies the caller's ID token through the Auth port. */
export async function authenticate(deps: Pick<Adapters, 'auth'>, req: Request): Promise<AuthUser> {
  const token = bearerToken(req.headers.authorization);
  if (!token) throw new UnauthenticatedError();
  return deps.auth.verifyIdToken(token);
}
