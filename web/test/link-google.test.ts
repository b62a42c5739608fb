/**
 * "Link Google account" over fake Firebase steps and a fake fetch: linking keeps
 * the guest; an account that exists already is signed in to and the guest's
 * work is merged into it through the API, as that account; the person reads
 * what happened in their language.
 */

import { createApi } from '../src/data/api';
import { ApiError } from '../src/data/errors';
import { CREDENTIAL_IN_USE, type LinkSteps, linkGoogleAccount } from '../src/data/link-google';
import type { Session } from '../src/data/session';
import { messagesFor } from '../src/i18n/messages';
import { linkNotice } from '../src/ui/link-notice';

interface FakeUser {
  uid: string;
  token: string;
  isAnonymous: boolean;
  email: string | null;
}

const guest: FakeUser = { uid: 'guest-a', token: 'guest-token', isAnonymous: true, email: null };
const existing: FakeUser = { uid: 'google-b', token: 'b-token', isAnonymous: false, email: 'b@example.com' };

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** Fake Firebase: `linkWithPopup` fails with `linkError` if given; the current user switches on sign-in. */
function fakeFirebase(options: { linkError?: unknown; credential?: boolean; mergeResponse?: Response }) {
  const log: string[] = [];
  let current = guest;
  const requests: { url: string; init: RequestInit }[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    requests.push({ url, init });
    return options.mergeResponse ?? json({ moved: { agents: 3, executions: 5, conversations: 1, messages: 6 } });
  }) as unknown as typeof fetch;
  // The app's API module, with the token of whoever is signed in at the time of the call.
  const api = createApi({ idToken: async () => current.token, appCheckToken: async () => null }, fetchFn);
  const steps: LinkSteps<FakeUser> = {
    guest,
    linkWithPopup: async (user) => {
      log.push(`link ${user.uid}`);
      if (options.linkError) throw options.linkError;
      return { ...user, isAnonymous: false, email: 'a@example.com' };
    },
    signInWithErrorCredential: async (err) => {
      log.push(`sign in with credential of ${(err as { code: string }).code}`);
      if (options.credential === false) return null;
      current = existing;
      return existing;
    },
    idToken: async (user) => {
      log.push(`token of ${user.uid}`);
      return user.token;
    },
    toSession: (u): Session => ({ uid: u.uid, isAnonymous: u.isAnonymous, email: u.email }),
    mergeGuest: async (guestIdToken) => {
      log.push('merge');
      return api.mergeGuest(guestIdToken);
    },
  };
  return { steps, log, requests };
}

const inUse = Object.assign(new Error('Firebase: Error (auth/credential-already-in-use).'), {
  code: CREDENTIAL_IN_USE,
});

describe('linking a Google account', () => {
  test('a new Google account is linked to the guest: same uid, nothing to merge', async () => {
    const { steps, log, requests } = fakeFirebase({});
    const outcome = await linkGoogleAccount(steps);
    expect(outcome).toEqual({
      session: { uid: 'guest-a', isAnonymous: false, email: 'a@example.com' },
      merged: null,
    });
    expect(log).toEqual(['link guest-a']);
    expect(requests).toHaveLength(0);
    expect(linkNotice(outcome, messagesFor('en'))).toEqual({
      kind: 'success',
      text: messagesFor('en').linkedOk,
    });
  });

  test('an existing Google account: the guest token is taken first, then sign-in, then the merge as that account', async () => {
    const { steps, log, requests } = fakeFirebase({ linkError: inUse });
    const outcome = await linkGoogleAccount(steps);

    expect(log).toEqual([
      'link guest-a',
      'token of guest-a',
      `sign in with credential of ${CREDENTIAL_IN_USE}`,
      'merge',
    ]);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe('/api/account/merge-guest');
    expect(requests[0]?.init.method).toBe('POST');
    expect(requests[0]?.init.headers).toMatchObject({ Authorization: 'Bearer b-token' });
    expect(JSON.parse(requests[0]?.init.body as string)).toEqual({ guestIdToken: 'guest-token' });
    expect(outcome).toEqual({
      session: { uid: 'google-b', isAnonymous: false, email: 'b@example.com' },
      merged: { agents: 3, executions: 5, conversations: 1, messages: 6 },
    });
    expect(linkNotice(outcome, messagesFor('ko'))).toEqual({
      kind: 'success',
      text: 'Google 계정에 연결했고 게스트로 만든 에이전트 3개를 옮겼습니다.',
    });
    expect(linkNotice(outcome, messagesFor('en')).text).toBe(
      'Linked your Google account and moved the 3 agents you made as a guest.',
    );
  });

  test('when the merge fails the person is still signed in and told, in words, that the guest work did not move', async () => {
    const { steps } = fakeFirebase({
      linkError: inUse,
      mergeResponse: json({ error: { code: 'unauthenticated', message: "The guest's ID token has expired." } }, 401),
    });
    const outcome = await linkGoogleAccount(steps);
    expect(outcome.session.uid).toBe('google-b');
    expect(outcome.merged).toBeNull();
    expect(outcome.mergeError).toBeInstanceOf(ApiError);
    expect(linkNotice(outcome, messagesFor('ko'))).toEqual({
      kind: 'error',
      text: "Google 계정으로 로그인했지만 게스트로 만든 것을 옮기지 못했습니다: The guest's ID token has expired.",
    });
  });

  test('any other failure (the popup closed) is passed on, with no sign-in and no merge', async () => {
    const closed = Object.assign(new Error('closed'), { code: 'auth/popup-closed-by-user' });
    const { steps, log, requests } = fakeFirebase({ linkError: closed });
    await expect(linkGoogleAccount(steps)).rejects.toBe(closed);
    expect(log).toEqual(['link guest-a']);
    expect(requests).toHaveLength(0);
  });

  test('an in-use error without a credential is passed on and nothing is merged', async () => {
    const { steps, requests } = fakeFirebase({ linkError: inUse, credential: false });
    await expect(linkGoogleAccount(steps)).rejects.toBe(inUse);
    expect(requests).toHaveLength(0);
  });
});
