/** @jest-environment jsdom */
import './env';
import type { Execution, RunEvent } from '../../src/data/types';
import { formatDateTime, formatDuration, formatShortDateTime } from '../../src/format/format';
import { messagesFor } from '../../src/i18n/messages';
import { setLocale } from '../../src/state/locale';
import type { RunHistory } from '../../src/ui/run-history';
import '../../src/ui/run-history';
import { LOCALES, mount, shadow, textOf } from './dom';
import { execution, minutesAgo, minutesAhead } from './fakes';

const ev = (code: string, params: Record<string, string | number> = {}, message = `(${code})`): RunEvent => ({
  at: minutesAgo(5),
  type: code === 'error' ? 'error' : 'tool',
  code,
  params,
  message,
});

const rows = (h: RunHistory) => [...shadow(h).querySelectorAll<HTMLLIElement>('ul > li')];
const rowButton = (li: HTMLLIElement) => li.querySelector<HTMLButtonElement>('button.row')!;
const detail = (li: HTMLLIElement) => li.querySelector('.detail');
const log = (li: HTMLLIElement) => {
  const runLog = li.querySelector('run-log');
  return runLog ? shadow(runLog).querySelector('ol') : null;
};
const logLines = (li: HTMLLIElement) => [...(log(li)?.querySelectorAll('li span') ?? [])].map(textOf);

const succeeded = execution({
  id: 'ok',
  status: 'success',
  startTime: '2026-11-23T08:00:00.000Z',
  endTime: '2026-11-23T08:00:42.000Z',
  result: 'Five **headlines**.',
  tokenUsage: { input: 9000, output: 3000, cacheRead: 0, cacheWrite: 0 },
  costUsd: 0.048,
  trigger: 'schedule',
  events: [ev('started'), ev('search_results', { count: 3 }), ev('finished', { input: 9000, output: 3000 })],
});

const timeoutText = 'The model call was stopped: it took longer than allowed.';
const failed = execution({
  id: 'bad',
  status: 'failed',
  startTime: '2026-11-22T08:00:00.000Z',
  endTime: '2026-11-22T08:05:00.000Z',
  result: null,
  error: timeoutText,
  trigger: 'manual',
  events: [ev('started'), ev('error', { reasonCode: 'timeout', gaveUpAfter: 3 }, timeoutText)],
});

describe.each(LOCALES)('run-history in %s', (locale) => {
  const m = messagesFor(locale);
  beforeEach(() => setLocale(locale));

  it('says there are no runs yet, and how to make one', async () => {
    const h = await mount('run-history', { runs: [] });
    expect(textOf(h)).toBe(m.noRuns);
    expect(rows(h)).toHaveLength(0);
  });

  it('lists each run with its status, start, duration, tokens and cost', async () => {
    const h = await mount('run-history', { runs: [succeeded, failed] });
    const [first, second] = rows(h);
    expect(textOf(rowButton(first!))).toBe(
      [
        m.run_success,
        // A date short enough for one line of a phone's row; the full one is its title.
        formatShortDateTime(succeeded.startTime),
        formatDuration(42_000),
        locale === 'ko' ? '1.2만' : '12K',
        '$0.048',
        '›',
      ].join(' '),
    );
    expect(textOf(rowButton(second!).querySelector('status-badge'))).toBe(m.run_failed);
  });

  it('shows every run closed unless one is asked to be open', async () => {
    const h = await mount('run-history', { runs: [succeeded, failed] });
    expect(rows(h).map((li) => rowButton(li).getAttribute('aria-expanded'))).toEqual(['false', 'false']);
    expect(rows(h).map(detail)).toEqual([null, null]);
  });

  it('opens the run it is given: result, log in the user’s words, how it was started and on which model', async () => {
    const h = await mount('run-history', { runs: [succeeded, failed], openId: 'ok' });
    const [first, second] = rows(h);
    expect(rowButton(first!).getAttribute('aria-expanded')).toBe('true');
    expect(detail(second!)).toBeNull();
    const open = detail(first!);
    expect(textOf(open?.querySelector('markdown-view'))).toBe('Five headlines.');
    expect(logLines(first!)).toEqual([m.ev_started, m.ev_search_results('3', 3), m.ev_finished('9,000', '3,000')]);
    // Its tokens and cost too: a phone's row has no room for the cost.
    expect(textOf(open?.querySelector('.sub'))).toBe(
      `${m.trigger_schedule} · claude-sonnet-5-5 · ${m.tokensCount(locale === 'ko' ? '1.2만' : '12K')} · $0.048`,
    );
  });

  it('says why a failed run failed, in the user’s words', async () => {
    const h = await mount('run-history', { runs: [failed], openId: 'bad' });
    const li = rows(h)[0]!;
    expect(textOf(li.querySelector('.err'))).toBe(`${m.ev_reason_timeout} ${m.ev_gave_up_after('3')}`);
    expect(textOf(li.querySelector('.sub'))).toContain(m.trigger_manual);
  });

  it('shows a log line of a code it does not know as the server wrote it', async () => {
    const run = execution({ id: 'new', events: [ev('quantum_tunnel', {}, 'Tunnelled through.')] });
    const h = await mount('run-history', { runs: [run], openId: 'new' });
    expect(logLines(rows(h)[0]!)).toEqual(['Tunnelled through.']);
  });

  it('opens and closes a run when its row is clicked', async () => {
    const h = await mount('run-history', { runs: [succeeded, failed], openId: 'ok' });
    rowButton(rows(h)[1]!).click();
    await h.updateComplete;
    expect(detail(rows(h)[1]!)).not.toBeNull();
    rowButton(rows(h)[0]!).click();
    await h.updateComplete;
    expect(detail(rows(h)[0]!)).toBeNull();
    expect(rowButton(rows(h)[0]!).getAttribute('aria-expanded')).toBe('false');
    rowButton(rows(h)[0]!).click();
    await h.updateComplete;
    expect(detail(rows(h)[0]!)).not.toBeNull();
  });

  it('shows a running run without a duration yet, its log announced as it grows', async () => {
    const running = execution({ id: 'go', status: 'running', endTime: null, result: null, events: [ev('started')] });
    const h = await mount('run-history', { runs: [running], openId: 'go' });
    const li = rows(h)[0]!;
    expect(textOf(li.querySelector('status-badge'))).toBe(m.run_running);
    expect(textOf(li.querySelectorAll('.num')[0])).toBe('…');
    expect(log(li)?.getAttribute('aria-live')).toBe('polite');
  });

  it.each([
    { name: 'a queued run due now is queued', scheduledFor: minutesAgo(0), label: m.run_queued },
    {
      name: 'a queued run hours ahead is the next scheduled one',
      scheduledFor: minutesAhead(180),
      label: m.run_scheduled,
    },
  ])('$name', async ({ scheduledFor, label }) => {
    const queued: Execution = execution({
      id: 'q',
      status: 'queued',
      scheduledFor,
      startTime: null,
      endTime: null,
      result: null,
    });
    const h = await mount('run-history', { runs: [queued] });
    expect(textOf(rows(h)[0]!.querySelector('status-badge'))).toBe(label);
    expect(textOf(rows(h)[0]!)).toContain(formatShortDateTime(scheduledFor));
    expect(rows(h)[0]!.querySelector('time.when')?.getAttribute('title')).toBe(formatDateTime(scheduledFor));
  });

  it('shows the runs it is given as they change (a run finishing)', async () => {
    const running = execution({ id: 'go', status: 'running', endTime: null, result: null });
    const h = await mount('run-history', { runs: [running] });
    h.runs = [{ ...running, status: 'success', endTime: minutesAgo(0) }];
    await h.updateComplete;
    expect(textOf(rows(h)[0]!.querySelector('status-badge'))).toBe(m.run_success);
  });
});
