/**
 * Google's identity tokens for service accounts, as the local stack's Cloud
 * Tasks and Eventarc stand-ins present them: OIDC ID tokens (JWTs) with `iss`
 * `https://accounts.google.com`, the account's `email`, `email_verified`, the
 * receiver's URL as `aud`, and one hour of life
 * (https://cloud.google.com/docs/authentication/token-types#id). Google signs
 * them RS256 with its own keys; the stand-in signs HS256 with a key derived from
 * the install secret. Only the local Cloud Run front verifies the signature, as
 * only Cloud Run does in production: the functions never see one (it is
 * replaced by `SIGNATURE_REMOVED_BY_GOOGLE`, cloud-run-front.ts).
 */
import { createHmac } from 'node:crypto';
import { type SigningKey, signingKey, signJwt, verifyJwt } from '../jwt';

/** The service accounts of the local project, as Terraform names their production twins. */
export const LOCAL_PROJECT = 'local-project';
export const TASKS_INVOKER = `tasks-invoker@${LOCAL_PROJECT}.iam.gserviceaccount.com`;
export const PUBSUB_PUSH = `pubsub-push@${LOCAL_PROJECT}.iam.gserviceaccount.com`;

export interface IdentityClaims {
  iss: string;
  aud: string;
  email: string;
  email_verified: boolean;
  sub: string;
  azp: string;
  iat: number;
  exp: number;
}

const TOKEN_SECONDS = 3600;

export class LocalGoogleIdentity {
  private readonly key: SigningKey;

  constructor(
    secret: Buffer,
    private readonly nowSeconds: () => number = () => Math.floor(Date.now() / 1000),
  ) {
    this.key = signingKey(secret, 'google-identity');
  }

  /** An ID token for `serviceAccount`, for calling `audience`. */
  tokenFor(serviceAccount: string, audience: string): string {
    const iat = this.nowSeconds();
    // A stable numeric subject per account, as Google gives each service account one.
    const sub = BigInt(
      `0x${createHmac('sha256', this.key.secret).update(serviceAccount).digest('hex').slice(0, 15)}`,
    ).toString();
    const claims: IdentityClaims = {
      iss: 'https://accounts.google.com',
      aud: audience,
      azp: sub,
      email: serviceAccount,
      email_verified: true,
      sub,
      iat,
      exp: iat + TOKEN_SECONDS,
    };
    return signJwt(this.key, claims);
  }

  /** The claims of a token this stand-in issued; null when it is malformed, forged or expired. */
  verify(token: string): IdentityClaims | null {
    const verified = verifyJwt(token, this.key);
    if ('refused' in verified) return null;
    const claims = verified.claims as Partial<IdentityClaims>;
    if (typeof claims.exp !== 'number' || claims.exp <= this.nowSeconds()) return null;
    return claims as IdentityClaims;
  }
}
