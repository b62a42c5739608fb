/**
 * App Check in production: reCAPTCHA Enterprise vouches for the page and the
 * Firebase SDK exchanges that for an App Check token, refreshed before it
 * expires (https://firebase.google.com/docs/app-check/web/recaptcha-enterprise-provider).
 * A chunk of its own, loaded only when the deployment enforces App Check.
 */
import type { FirebaseApp } from 'firebase/app';
import { type AppCheck, getToken, initializeAppCheck, ReCaptchaEnterpriseProvider } from 'firebase/app-check';

export function startAppCheck(app: FirebaseApp, siteKey: string): (refresh: boolean) => Promise<string> {
  const appCheck: AppCheck = initializeAppCheck(app, {
    provider: new ReCaptchaEnterpriseProvider(siteKey),
    isTokenAutoRefreshEnabled: true,
  });
  return async (refresh) => (await getToken(appCheck, refresh)).token;
}
