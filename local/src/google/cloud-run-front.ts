/**
 * Cloud Run's front door, as the local stack puts it before each function.
 *
 * A public service (agents, chat: `allUsers` may invoke it) gets every request.
 * A private one (runAgent, chatTurn, tick) gets only requests whose OIDC token
 * Google would accept for it: a valid signature, not expired, this service's URL
 * as the audience, and an account its IAM policy lets invoke it. The token then
 * reaches the function with its signature replaced by
 * `SIGNATURE_REMOVED_BY_GOOGLE`, as Cloud Run passes it
 * (https://cloud.google.com/run/docs/authenticating/service-to-service,
 * https://cloud.google.com/run/docs/troubleshooting#signature-removed), so the
 * function's own check (functions/src/http/task-caller.ts) is the production one.
 *
 * Every admitted request carries a trace, as Cloud Run gives each one: the
 * caller's `traceparent` / `X-Cloud-Trace-Context` when it sent them, fresh ones
 * otherwise (https://cloud.google.com/run/docs/trace), which the functions put on
 * their log lines.
 *
 * Refusals never reach the function: 401 for a missing, malformed, forged or
 * expired token, 403 for a valid token of an account without the invoker role
 * (https://cloud.google.com/run/docs/troubleshooting; the exact status does not
 * matter to our code, only that the function never runs).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalGoogleIdentity } from './identity';

export interface ServiceAccess {
  /** `allUsers`, or the service accounts holding `roles/run.invoker` on it (terraform/modules/platform/iam.tf). */
  invokers: 'allUsers' | readonly string[];
}

export const SIGNATURE_REMOVED = 'SIGNATURE_REMOVED_BY_GOOGLE';

export class CloudRunFront {
  constructor(
    private readonly identity: LocalGoogleIdentity,
    private readonly services: Record<string, ServiceAccess>,
    /** The service's own URL: the audience its tokens must name. */
    private readonly urlOf: (service: string) => string,
  ) {}

  /** True when `service` may be called with this request; otherwise answers the refusal. */
  admit(service: string, req: IncomingMessage, res: ServerResponse): boolean {
    const access = this.services[service];
    if (!access) return refuse(res, 404, 'Not Found', 'The requested URL was not found on this server.');
    if (access.invokers === 'allUsers') return traced(req);
    // Cloud Run reads X-Serverless-Authorization first when a request carries both.
    const header =
      req.headers['x-serverless-authorization'] !== undefined ? 'x-serverless-authorization' : 'authorization';
    const raw = req.headers[header];
    const token = /^Bearer\s+(\S+)$/i.exec(String(raw ?? ''))?.[1];
    if (!token)
      return refuse(res, 401, 'Unauthorized', 'Your client does not have permission: the request has no ID token.');
    const claims = this.identity.verify(token);
    if (!claims) return refuse(res, 401, 'Unauthorized', 'The ID token is not valid or has expired.');
    if (claims.aud.replace(/\/+$/, '') !== this.urlOf(service)) {
      return refuse(res, 401, 'Unauthorized', `The ID token's audience is not ${this.urlOf(service)}.`);
    }
    if (!claims.email_verified || !access.invokers.includes(claims.email)) {
      return refuse(res, 403, 'Forbidden', `Your client does not have permission to invoke ${service}.`);
    }
    const [head, body] = token.split('.');
    req.headers[header] = `Bearer ${head}.${body}.${SIGNATURE_REMOVED}`;
    return traced(req);
  }
}

/** Gives a request without a trace a new one, in both of Cloud Run's headers. */
function traced(req: IncomingMessage): true {
  if (req.headers.traceparent || req.headers['x-cloud-trace-context']) return true;
  const trace = randomBytes(16).toString('hex');
  const span = randomBytes(8);
  req.headers.traceparent = `00-${trace}-${span.toString('hex')}-00`;
  req.headers['x-cloud-trace-context'] = `${trace}/${span.readBigUInt64BE()};o=0`;
  return true;
}

/** Cloud Run's own refusal page: HTML, not the API's JSON (the function never answered). */
function refuse(res: ServerResponse, status: number, title: string, detail: string): false {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=UTF-8', 'Cache-Control': 'private' });
  res.end(
    `<html><head><title>${status} ${title}</title></head><body><h1>Error: ${title}</h1><h2>${detail}</h2></body></html>`,
  );
  return false;
}
