/** @jest-environment jsdom */
import './env';
import { ApiError } from '../../src/data/errors';
import type { RunEvent } from '../../src/data/types';
import { formatDuration } from '../../src/format/format';
import { messagesFor } from '../../src/i18n/messages';
import { setLocale } from '../../src/state/locale';
import type { TestRunCard } from '../../src/ui/test-run-card';
import '../../src/ui/test-run-card';
import { deep, LOCALES, mount, settle, shadow, textOf } from './dom';
import { execution, type FakeBackend, minutesAgo, put, UID, useFakeClient } from './fakes';

const ev = (code: string, params: Record<string, string | number> = {}, message = code): RunEvent => ({
  at: minutesAgo(1),
  type: code === 'error' ? 'error' : 'tool',
  code,
  params,
  message,
});

const testRun = (over: Parameters<typeof execution>[0] = {}) =>
  execution({ id: 't1', agentId: null, trigger: 'test', ...over });

const badge = (card: TestRunCard) => textOf(shadow(card).querySelector('status-badge'));
const progress = (card: TestRunCard) => shadow(card).querySelector('.progress');

describe.each(LOCALES)('test-run-card in %s', (locale) => {
  const m = messagesFor(locale);
  let backend: FakeBackend;
  beforeEach(() => {
    setLocale(locale);
    ({ backend } = useFakeClient());
  });

  it('watches its own run, for the signed-in user', async () => {
    await mount('test-run-card', { executionId: 't1' });
    expect(backend.watched).toEqual([{ collection: 'executions', where: [['userId', '==', UID]], docId: 't1' }]);
  });

  it('shows the run as queued and loading before its document arrives', async () => {
    const card = await mount('test-run-card', { executionId: 't1' });
    expect(textOf(shadow(card).querySelector('h3'))).toBe(m.testRunTitle);
    expect(badge(card)).toBe(m.run_queued);
    expect(textOf(progress(card))).toBe(m.loading);
    expect(shadow(card).querySelector('section')?.getAttribute('aria-busy')).toBe('true');
  });

  it('shows a running run’s latest progress line in the user’s language', async () => {
    put(
      backend,
      'executions',
      testRun({
        status: 'running',
        endTime: null,
        result: null,
        events: [ev('started'), ev('web_search', { query: '서울 날씨' })],
      }),
    );
    const card = await mount('test-run-card', { executionId: 't1' });
    expect(badge(card)).toBe(m.run_running);
    expect(textOf(progress(card))).toBe(m.ev_web_search('서울 날씨'));
    expect(progress(card)?.querySelector('.spinner')).not.toBeNull();
    expect(shadow(card).querySelector('.meta')).toBeNull();
  });

  it('shows a finished run’s result, duration, tokens and cost, and stops showing progress', async () => {
    put(
      backend,
      'executions',
      testRun({
        status: 'success',
        startTime: '2026-11-23T08:00:00.000Z',
        endTime: '2026-11-23T08:01:05.000Z',
        result: '**Take an umbrella.**',
        tokenUsage: { input: 1200, output: 300, cacheRead: 0, cacheWrite: 0 },
        costUsd: 0.0123,
      }),
    );
    const card = await mount('test-run-card', { executionId: 't1' });
    expect(badge(card)).toBe(m.run_success);
    expect(progress(card)).toBeNull();
    expect(textOf(deep(card, 'strong'))).toBe('Take an umbrella.');
    const meta = textOf(shadow(card).querySelector('.meta'));
    expect(meta).toContain(`${m.duration} ${formatDuration(65_000, locale)}`);
    expect(meta).toContain(m.tokensCount('1,500'));
    expect(meta).toContain('$0.012');
    expect(shadow(card).querySelector('section')?.getAttribute('aria-busy')).toBe('false');
  });

  it('says why a failed run failed, from the model error’s reason', async () => {
    const message = 'The model call was stopped: it took longer than allowed.';
    put(
      backend,
      'executions',
      testRun({
        status: 'failed',
        result: null,
        error: message,
        events: [ev('started'), ev('error', { reasonCode: 'timeout' }, message)],
      }),
    );
    const card = await mount('test-run-card', { executionId: 't1' });
    expect(badge(card)).toBe(m.run_failed);
    expect(textOf(shadow(card).querySelector('.err'))).toBe(m.ev_reason_timeout);
  });

  it('shows a failure it has no words for as the server wrote it', async () => {
    put(backend, 'executions', testRun({ status: 'failed', result: null, error: 'Disk on fire', events: [] }));
    const card = await mount('test-run-card', { executionId: 't1' });
    expect(textOf(shadow(card).querySelector('.err'))).toBe('Disk on fire');
  });

  it('follows the run live from queued to running to success', async () => {
    put(backend, 'executions', testRun({ status: 'queued', startTime: null, endTime: null, result: null, events: [] }));
    const card = await mount('test-run-card', { executionId: 't1' });
    expect(badge(card)).toBe(m.run_queued);

    backend.update('executions', 't1', { status: 'running', events: [ev('asking_model', { model: 'Claude' })] });
    await settle(card);
    expect(badge(card)).toBe(m.run_running);
    expect(textOf(progress(card))).toBe(m.ev_asking_model('Claude'));

    backend.update('executions', 't1', { status: 'success', endTime: minutesAgo(0), result: 'Sunny.' });
    await settle(card);
    expect(badge(card)).toBe(m.run_success);
    expect(progress(card)).toBeNull();
    expect(textOf(card)).toContain('Sunny.');
  });

  it('takes a heading of its own', async () => {
    const card = await mount('test-run-card', { executionId: 't1', heading: 'Manual run' });
    expect(textOf(shadow(card).querySelector('h3'))).toBe('Manual run');
  });

  it('says when the run cannot be read', async () => {
    backend.fail('executions', new ApiError('permission_denied', 'Missing or insufficient permissions.'));
    const card = await mount('test-run-card', { executionId: 't1' });
    expect(textOf(shadow(card).querySelector('.err'))).toBe('Missing or insufficient permissions.');
  });
});
