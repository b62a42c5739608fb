/**
 * The App Check port: whether a request comes from the platform's own web app.
 * The web app gets an App Check token (reCAPTCHA Enterprise in production, the
 * local stack's stand-in locally) and sends it in `X-Firebase-AppCheck`; the
 * public functions verify it when `APP_CHECK_ENFORCE` is on
 * (https://firebase.google.com/docs/app-check/custom-resource-backend).
 */

import { UnauthenticatedError } from '../errors';

export const APP_CHECK_HEADER = 'x-firebase-appcheck';

/** The refusal for a request without a valid App Check token (401 `unauthenticated`). */
export function appCheckRefused(): UnauthenticatedError {
  return new UnauthenticatedError({
    en: "This request did not come from the platform's web app (its App Check token is missing, invalid or expired). Reload the page.",
    ko: '이 요청은 플랫폼의 웹 앱에서 오지 않았습니다(App Check 토큰이 없거나 올바르지 않거나 만료됨). 페이지를 새로 고치세요.',
  });
}

export interface AppCheck {
  /** Resolves when the token is a valid App Check token of this project; throws UnauthenticatedError otherwise. */
  verifyToken(token: string): Promise<void>;
}
