/** @jest-environment jsdom */
import './env';
import { ApiError } from '../../src/data/errors';
import { messagesFor } from '../../src/i18n/messages';
import { setLocale } from '../../src/state/locale';
import { notify, notifyError } from '../../src/ui/notifier';
import type { ToastStack } from '../../src/ui/toast-stack';
import '../../src/ui/toast-stack';
import { button, LOCALES, mount, shadow, textOf, useFrozenClock } from './dom';

const alerts = (s: ToastStack) =>
  [...shadow(s).querySelectorAll('[role="alert"] .toast')].map((t) => textOf(t.querySelector('p')));
const statuses = (s: ToastStack) =>
  [...shadow(s).querySelectorAll('[role="status"] .toast')].map((t) => textOf(t.querySelector('p')));

describe.each(LOCALES)('toast-stack and the notifier in %s', (locale) => {
  const m = messagesFor(locale);
  useFrozenClock();
  beforeEach(() => setLocale(locale));
  afterEach(() => jest.restoreAllMocks());

  it('shows nothing until there is something to say', async () => {
    const s = await mount('toast-stack');
    expect(alerts(s)).toEqual([]);
    expect(statuses(s)).toEqual([]);
  });

  it('shows a failure once, as an alert, even when it is reported twice at once', async () => {
    const s = await mount('toast-stack');
    notifyError(new ApiError('unavailable', 'The service is unavailable.', 503));
    notifyError(new ApiError('unavailable', 'The service is unavailable.', 503));
    await s.updateComplete;
    expect(alerts(s)).toEqual(['The service is unavailable.']);
    expect(statuses(s)).toEqual([]);
  });

  it('shows the same failure again once a few seconds have passed', async () => {
    const s = await mount('toast-stack');
    notifyError(new ApiError('unavailable', 'Try later.', 503));
    jest.setSystemTime(Date.now() + 4_000);
    notifyError(new ApiError('unavailable', 'Try later.', 503));
    await s.updateComplete;
    expect(alerts(s)).toEqual(['Try later.', 'Try later.']);
  });

  it('says a request that got no answer in the app’s words, not the browser’s English', async () => {
    const s = await mount('toast-stack');
    notifyError(new TypeError('Failed to fetch'));
    await s.updateComplete;
    expect(alerts(s)).toEqual([m.unreachable]);
  });

  it('says a confirmation politely, apart from failures', async () => {
    const s = await mount('toast-stack');
    notify('success', m.changesSaved);
    await s.updateComplete;
    expect(statuses(s)).toEqual([m.changesSaved]);
    expect(alerts(s)).toEqual([]);
    expect(shadow(s).querySelector('[role="status"]')?.getAttribute('aria-live')).toBe('polite');
  });

  it('closes a toast with its dismiss button', async () => {
    const s = await mount('toast-stack');
    notifyError(new ApiError('internal', 'Boom.'));
    await s.updateComplete;
    button(shadow(s), m.dismiss).click();
    await s.updateComplete;
    expect(alerts(s)).toEqual([]);
  });

  it.each([
    { kind: 'success', lasts: 4_500 },
    { kind: 'info', lasts: 4_500 },
    { kind: 'error', lasts: 9_000 },
  ] as const)('takes a $kind notice away by itself after $lasts ms', async ({ kind, lasts }) => {
    const s = await mount('toast-stack');
    jest.useFakeTimers({ now: Date.now() });
    notify(kind, `Notice of kind ${kind}`);
    await s.updateComplete;
    const shown = () => [...alerts(s), ...statuses(s)];
    expect(shown()).toEqual([`Notice of kind ${kind}`]);
    jest.advanceTimersByTime(lasts - 1);
    await s.updateComplete;
    expect(shown()).toHaveLength(1);
    jest.advanceTimersByTime(1);
    await s.updateComplete;
    expect(shown()).toEqual([]);
  });

  it('keeps the newest four notices', async () => {
    const s = await mount('toast-stack');
    for (const n of [1, 2, 3, 4, 5]) notify('info', `Notice ${n}`);
    await s.updateComplete;
    expect(statuses(s)).toEqual(['Notice 2', 'Notice 3', 'Notice 4', 'Notice 5']);
  });

  it('says the person seems offline rather than the network error', async () => {
    jest.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const s = await mount('toast-stack');
    notifyError(new TypeError('Failed to fetch'));
    await s.updateComplete;
    expect(alerts(s)).toEqual([m.offline]);
  });

  it('says something went wrong when a failure has no words of its own', async () => {
    const s = await mount('toast-stack');
    notifyError(new ApiError('internal', ''));
    await s.updateComplete;
    expect(alerts(s)).toEqual([m.errorPrefix]);
  });
});
