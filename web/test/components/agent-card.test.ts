/** @jest-environment jsdom */
import './env';
import type { Schedule } from '../../src/data/types';
import { formatDateTime } from '../../src/format/format';
import { messagesFor } from '../../src/i18n/messages';
import { setLocale } from '../../src/state/locale';
import type { AgentCard } from '../../src/ui/agent-card';
import '../../src/ui/agent-card';
import { LOCALES, mount, shadow, textOf } from './dom';
import { agent, minutesAgo, minutesAhead } from './fakes';

/** The text under the term `term` of the card's figures (next run, last run, this month). */
function figure(card: AgentCard, term: string): string {
  const row = [...shadow(card).querySelectorAll('dl > div')].find((d) => textOf(d.querySelector('dt')) === term);
  if (!row) throw new Error(`No figure “${term}”`);
  return textOf(row.querySelector('dd'));
}

const SEOUL_MONDAYS: Schedule = { frequency: 'weekly', time: '08:00', daysOfWeek: [1], timezone: 'Asia/Seoul' };

describe.each(LOCALES)('agent-card in %s', (locale) => {
  const m = messagesFor(locale);
  beforeEach(() => setLocale(locale));

  it('shows the name and description, and links to the agent’s page', async () => {
    const card = await mount('agent-card', { agent: agent({ id: 'a 1', name: 'Weekly <b>news</b>' }) });
    expect(textOf(shadow(card).querySelector('h2'))).toBe('Weekly <b>news</b>');
    expect(shadow(card).querySelector('h2 b')).toBeNull();
    expect(textOf(card)).toContain('Summarises the tech news every Monday.');
    expect(shadow(card).querySelector('a.card')?.getAttribute('href')).toBe('/agents/a%201');
  });

  it.each([
    { status: 'active', label: m.status_active },
    { status: 'inactive', label: m.status_inactive },
    { status: 'draft', label: m.status_draft },
  ] as const)('shows the status $status as “$label”', async ({ status, label }) => {
    const card = await mount('agent-card', { agent: agent({ status }) });
    expect(textOf(shadow(card).querySelector('status-badge'))).toBe(label);
  });

  it('says the schedule in words, or that the agent runs on demand only', async () => {
    const scheduled = await mount('agent-card', { agent: agent({ schedule: SEOUL_MONDAYS }) });
    expect(textOf(shadow(scheduled).querySelector('.sched'))).toBe(
      locale === 'ko' ? '매주 월요일 오전 8:00 (서울)' : 'Every Monday at 8:00 AM (Seoul)',
    );
    const manual = await mount('agent-card', { agent: agent({ schedule: null, nextRunAt: null }) });
    expect(textOf(shadow(manual).querySelector('.sched'))).toBe(m.onDemand);
  });

  it.each([
    { status: 'active', shown: true },
    { status: 'inactive', shown: false },
    { status: 'draft', shown: false },
  ] as const)('shows the next run only while the agent is active ($status)', async ({ status, shown }) => {
    const nextRunAt = minutesAhead(90);
    const card = await mount('agent-card', { agent: agent({ status, nextRunAt }) });
    expect(figure(card, m.nextRun)).toEqual(shown ? expect.stringContaining(formatDateTime(nextRunAt)) : m.none);
  });

  it('shows no next run for an active agent that has none', async () => {
    const card = await mount('agent-card', { agent: agent({ status: 'active', nextRunAt: null }) });
    expect(figure(card, m.nextRun)).toBe(m.none);
  });

  it.each([
    { status: 'success', label: m.run_success },
    { status: 'failed', label: m.run_failed },
  ] as const)('shows the last run’s outcome ($status)', async ({ status, label }) => {
    const card = await mount('agent-card', {
      agent: agent({ lastRun: { executionId: 'e1', status, endTime: minutesAgo(120) } }),
    });
    expect(figure(card, m.lastRun)).toContain(label);
    expect(figure(card, m.lastRun)).toMatch(locale === 'ko' ? /2시간 전/ : /2 hours ago/);
    expect(shadow(card).querySelector(`.dot.${status}`)).not.toBeNull();
  });

  it('says an agent that never ran has no last run', async () => {
    const card = await mount('agent-card', { agent: agent({ lastRun: null }) });
    expect(figure(card, m.lastRun)).toBe(m.never);
  });

  it('shows this month’s cost and tokens', async () => {
    const card = await mount('agent-card', {
      agent: agent(),
      month: { input: 12_000, output: 3_000, costUsd: 0.4567 },
    });
    const month = figure(card, m.thisMonth);
    expect(month).toContain('$0.457');
    expect(month).toContain(m.tokensCount(locale === 'ko' ? '1.5만' : '15K'));
  });

  it('shows nothing spent this month when the agent has not run', async () => {
    const card = await mount('agent-card', { agent: agent(), month: undefined });
    const month = figure(card, m.thisMonth);
    expect(month).toContain('$0.00');
    expect(month).toContain(m.tokensCount('0'));
  });

  it('keeps its relative time true while the page stays open: "in 2 minutes" becomes "now"', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-11-30T10:00:00Z') });
    try {
      const card = await mount('agent-card', {
        agent: agent({ status: 'active', nextRunAt: '2026-11-30T10:02:00.000Z' }),
      });
      const sub = () => textOf(shadow(card).querySelector('dd .sub'));
      expect(sub()).toBe(locale === 'ko' ? '2분 후' : 'in 2 minutes');
      jest.advanceTimersByTime(115_000);
      await card.updateComplete;
      expect(sub()).toBe(locale === 'ko' ? '지금' : 'now');
    } finally {
      jest.useRealTimers();
    }
  });
});
