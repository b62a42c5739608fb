/**
 * The local App Check stand-in. In production the web app proves it is the
 * platform's own page to reCAPTCHA Enterprise, exchanges that proof for an App
 * Check token (a JWT: `iss` https://firebaseappcheck.googleapis.com/<project
 * number>, `aud` [projects/<number>, projects/<id>], `sub` the web app's id,
 * `exp` one hour on by default) and sends it in `X-Firebase-AppCheck`
 * (https://firebase.google.com/docs/app-check/custom-resource-backend). Locally
 * there is no page to attest, so `POST /__local/app-check` hands the web app a
 * token of the same shape, and the public functions check it with the same
 * claims when `APP_CHECK_ENFORCE=true`.
 */
import { type AppCheck, appCheckRefused } from '@agent-platform/core/ports';
import { LOCAL_PROJECT } from './google/identity';
import { type SigningKey, signingKey, signJwt, verifyJwt } from './jwt';

export const LOCAL_PROJECT_NUMBER = '100000000001';
export const LOCAL_WEB_APP_ID = `1:${LOCAL_PROJECT_NUMBER}:web:local`;
/** App Check's default token lifetime (https://firebase.google.com/docs/app-check/web/recaptcha-enterprise-provider). */
export const APP_CHECK_TTL_SECONDS = 3600;
const ISSUER = `https://firebaseappcheck.googleapis.com/${LOCAL_PROJECT_NUMBER}`;
const CLOCK_SKEW_SECONDS = 60;

interface AppCheckClaims {
  iss: string;
  sub: string;
  aud: string[];
  iat: number;
  exp: number;
}

export class LocalAppCheck implements AppCheck {
  private readonly key: SigningKey;

  constructor(
    installSecret: Buffer,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    this.key = signingKey(installSecret, 'app-check');
  }

  /** A token for the local web app, as App Check's exchange answers it. */
  issue(): { token: string; ttlMillis: number } {
    const iat = this.nowSeconds();
    const claims: AppCheckClaims = {
      iss: ISSUER,
      sub: LOCAL_WEB_APP_ID,
      aud: [`projects/${LOCAL_PROJECT_NUMBER}`, `projects/${LOCAL_PROJECT}`],
      iat,
      exp: iat + APP_CHECK_TTL_SECONDS,
    };
    return { token: signJwt(this.key, claims), ttlMillis: APP_CHECK_TTL_SECONDS * 1000 };
  }

  /** Refuses as firebase-admin does: not ours, another project or issuer, expired, or issued in the future. */
  async verifyToken(token: string): Promise<void> {
    const verified = verifyJwt(token, this.key);
    if ('refused' in verified) throw appCheckRefused();
    const claims = verified.claims as Partial<AppCheckClaims>;
    const now = this.nowSeconds();
    const ok =
      claims.iss === ISSUER &&
      Array.isArray(claims.aud) &&
      claims.aud.includes(`projects/${LOCAL_PROJECT_NUMBER}`) &&
      typeof claims.sub === 'string' &&
      claims.sub !== '' &&
      typeof claims.exp === 'number' &&
      now < claims.exp &&
      typeof claims.iat === 'number' &&
      claims.iat <= now + CLOCK_SKEW_SECONDS;
    if (!ok) throw appCheckRefused();
  }
}
