/**
 * Who may call a private worker (runAgent, chatTurn): only Cloud Tasks, with an
 * OIDC token for the invoker account.
 *
 * Cloud Run checks that token against IAM before the request reaches the
 * container, then hands it over with its signature replaced by
 * `SIGNATURE_REMOVED_BY_GOOGLE` ("Cloud Run removes the token signature before
 * passing the token to the user container":
 * https://cloud.google.com/run/docs/authenticating/service-to-service,
 * https://cloud.google.com/run/docs/troubleshooting#signature-removed). So the
 * function never verifies a signature — it could not — and checks the claims
 * it is given: Google's issuer, the invoker account, and an audience that is
 * this worker's URL in either of Cloud Run's forms. IAM and internal ingress
 * (Terraform) keep everyone else out; the local stack's Cloud Run front
 * (local/src/google/cloud-run-front.ts) verifies and strips the same way, so
 * this code path is the one that runs locally too.
 */
import { UnauthenticatedError } from '@agent-platform/core/errors';
import { bearerToken } from '@agent-platform/core/ports';
import type { Request } from '@google-cloud/functions-framework';
import type { Config } from '../shared/config';

const ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

export interface TaskCallerClaims {
  iss?: unknown;
  aud?: unknown;
  email?: unknown;
  email_verified?: unknown;
  exp?: unknown;
}

/** The claims of a JWT, unverified; null when it is not one. */
export function decodeClaims(token: string): TaskCallerClaims | null {
  const body = token.split('.')[1];
  if (!body) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
    return claims && typeof claims === 'object' ? (claims as TaskCallerClaims) : null;
  } catch {
    return null;
  }
}

/**
 * Whether `audience` names this worker: its configured URL, or one of its
 * run.app URLs (https://cloud.google.com/run/docs/triggering/https-request): the
 * deterministic `https://SERVICE-PROJECT_NUMBER.REGION.run.app` or the older
 * hashed `https://SERVICE-HASH-REGION_CODE.a.run.app`.
 */
export function isOwnAudience(
  audience: string,
  url: string | undefined,
  config: Pick<Config, 'tasks' | 'region'>,
): boolean {
  const strip = (u: string) => u.replace(/\/+$/, '');
  if (url && strip(audience) === strip(url)) return true;
  const service = config.tasks.service;
  if (!service) return false;
  const name = service.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const region = config.region.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return (
    new RegExp(`^https://${name}-\\d+\\.${region}\\.run\\.app/?$`).test(audience) ||
    new RegExp(`^https://${name}-[a-z0-9]+-[a-z]{2,4}\\.a\\.run\\.app/?$`).test(audience)
  );
}

/** Throws UnauthenticatedError unless the request carries the invoker account's token for this worker. */
export function checkTaskCaller(
  req: Pick<Request, 'headers'>,
  url: string | undefined,
  config: Pick<Config, 'tasks' | 'region'>,
  now: Date,
): void {
  const refuse = () =>
    new UnauthenticatedError({
      en: 'Only the task queue may call this function.',
      ko: '이 함수는 작업 큐만 호출할 수 있습니다.',
    });
  // Cloud Run reads X-Serverless-Authorization first when a request carries both.
  const token = bearerToken(req.headers['x-serverless-authorization'] ?? req.headers.authorization);
  const claims = token ? decodeClaims(token) : null;
  if (!claims || !config.tasks.invokerServiceAccount) throw refuse();
  if (!ISSUERS.includes(String(claims.iss))) throw refuse();
  if (claims.email !== config.tasks.invokerServiceAccount || claims.email_verified !== true) throw refuse();
  if (typeof claims.aud !== 'string' || !isOwnAudience(claims.aud, url, config)) throw refuse();
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= now.getTime()) throw refuse();
}
