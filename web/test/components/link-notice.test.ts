import { ApiError } from '../../src/data/errors';
import type { LinkOutcome } from '../../src/data/session';
import { messagesFor } from '../../src/i18n/messages';
import { setLocale } from '../../src/state/locale';
import { linkNotice } from '../../src/ui/link-notice';

const LOCALES = ['en', 'ko'] as const;
const session = { uid: 'u1', isAnonymous: false, email: 'kim@example.com' };
const moved = (agents: number) => ({ agents, executions: 3, conversations: 2, messages: 9 });

describe.each(LOCALES)('linkNotice in %s', (locale) => {
  const m = messagesFor(locale);

  it.each<{ name: string; outcome: LinkOutcome; kind: string; text: string }>([
    {
      name: 'the guest was linked and keeps everything',
      outcome: { session, merged: null },
      kind: 'success',
      text: m.linkedOk,
    },
    {
      name: 'the guest was merged into an existing account with nothing to move',
      outcome: { session, merged: moved(0) },
      kind: 'success',
      text: m.linkedMerged(0),
    },
    {
      name: 'the guest’s one agent was moved',
      outcome: { session, merged: moved(1) },
      kind: 'success',
      text: m.linkedMerged(1),
    },
    {
      name: 'the guest’s three agents were moved',
      outcome: { session, merged: moved(3) },
      kind: 'success',
      text: m.linkedMerged(3),
    },
    {
      name: 'the merge failed',
      outcome: { session, merged: null, mergeError: new ApiError('unavailable', 'Store unavailable') },
      kind: 'error',
      text: m.linkedMergeFailed('Store unavailable'),
    },
  ])('says that $name', ({ outcome, kind, text }) => {
    expect(linkNotice(outcome, m)).toEqual({ kind, text });
  });

  it('speaks the current language by default', () => {
    setLocale(locale);
    expect(linkNotice({ session, merged: moved(2) })).toEqual({ kind: 'success', text: m.linkedMerged(2) });
  });
});

describe('linkNotice words', () => {
  it.each([
    { locale: 'en', agents: 1, text: 'Linked your Google account and moved the 1 agent you made as a guest.' },
    { locale: 'en', agents: 3, text: 'Linked your Google account and moved the 3 agents you made as a guest.' },
    { locale: 'ko', agents: 3, text: 'Google 계정에 연결했고 게스트로 만든 에이전트 3개를 옮겼습니다.' },
  ] as const)('counts the moved agents in $locale ($agents)', ({ locale, agents, text }) => {
    expect(linkNotice({ session, merged: moved(agents) }, messagesFor(locale)).text).toBe(text);
  });

  it('keeps the reason a merge failed in the message', () => {
    const outcome = { session, merged: null, mergeError: new ApiError('conflict', 'Account busy') };
    expect(linkNotice(outcome, messagesFor('ko')).text).toBe(
      'Google 계정으로 로그인했지만 게스트로 만든 것을 옮기지 못했습니다: Account busy',
    );
  });
});
