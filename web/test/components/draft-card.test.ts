/** @jest-environment jsdom */
import './env';
import type { AgentSpec, CostEstimate } from '../../src/data/types';
import { formatDateTime, zoneLabel } from '../../src/format/format';
import { upcomingRuns } from '../../src/format/schedule';
import { messagesFor } from '../../src/i18n/messages';
import { setLocale } from '../../src/state/locale';
import type { DraftCard } from '../../src/ui/draft-card';
import '../../src/ui/draft-card';
import { button, events, LOCALES, mount, shadow, textOf } from './dom';

const draft = (over: Partial<AgentSpec> = {}): AgentSpec => ({
  name: 'Seoul umbrella check',
  description: 'Tells me whether to take an umbrella.',
  finalAgentPrompt: 'Check the weather in Seoul and say if an umbrella is needed.',
  tools: ['web_search', 'web_fetch'],
  model: 'claude-sonnet-5-5',
  schedule: { frequency: 'daily', time: '07:30', timezone: 'Asia/Seoul' },
  ...over,
});

const estimate = (over: Partial<CostEstimate> = {}): CostEstimate => ({
  basis: 'estimate',
  model: 'claude-sonnet-5-5',
  modelLabel: 'Claude Sonnet 5.5',
  tokensPerRun: { input: 4000, output: 800 },
  perRunUsd: 0.0162,
  runsPerMonth: 30,
  perMonthUsd: 0.486,
  ...over,
});

/** The text under the term `term` (schedule, estimated cost, tools). */
function figure(card: DraftCard, term: string): string | null {
  const row = [...shadow(card).querySelectorAll('dl > div')].find((d) => textOf(d.querySelector('dt')) === term);
  return row ? textOf(row.querySelector('dd')) : null;
}

describe.each(LOCALES)('draft-card in %s', (locale) => {
  const m = messagesFor(locale);
  beforeEach(() => setLocale(locale));

  it('invites the conversation while there is no draft, with nothing to test or save', async () => {
    const card = await mount('draft-card', { draft: null });
    expect(textOf(card)).toBe(m.draftEmpty);
    expect(shadow(card).querySelectorAll('button')).toHaveLength(0);
  });

  it('shows the draft’s name, description and tools', async () => {
    const card = await mount('draft-card', { draft: draft() });
    expect(textOf(shadow(card).querySelector('h2'))).toBe('Seoul umbrella check');
    expect(textOf(card)).toContain('Tells me whether to take an umbrella.');
    expect([...shadow(card).querySelectorAll('.chip')].map(textOf)).toEqual([m.tool_web_search, m.tool_web_fetch]);
  });

  it('says when the draft has no tools', async () => {
    const card = await mount('draft-card', { draft: draft({ tools: [] }) });
    expect(figure(card, m.tools)).toBe(m.noTools);
  });

  it('says the schedule in words and lists the next three runs', async () => {
    const d = draft();
    const card = await mount('draft-card', { draft: d });
    expect(figure(card, m.schedule)).toContain(
      locale === 'ko' ? '매일 오전 7:30 (서울)' : 'Every day at 7:30 AM (Seoul)',
    );
    const list = shadow(card).querySelector('ol');
    expect(list?.getAttribute('aria-label')).toBe(m.upcoming);
    // The times are the schedule's own zone's, and the card says which zone that is.
    const expected = upcomingRuns(d.schedule, 3).map((at) =>
      formatDateTime(at.toISOString(), undefined, d.schedule?.timezone),
    );
    expect(textOf(shadow(card).querySelector('.zone'))).toBe(m.timesIn(zoneLabel(d.schedule!.timezone)));
    expect([...(list?.querySelectorAll('li') ?? [])].map(textOf)).toEqual(expected);
  });

  it('says a draft without a schedule runs on demand, with no run times', async () => {
    const card = await mount('draft-card', { draft: draft({ schedule: null }) });
    expect(figure(card, m.schedule)).toBe(m.onDemand);
    expect(shadow(card).querySelector('ol')).toBeNull();
  });

  it.each([
    { basis: 'estimate', perRunUsd: 0.0162, perMonthUsd: 0.486, perRun: '$0.016', perMonth: '$0.486' },
    { basis: 'test_run', perRunUsd: 0.0231, perMonthUsd: 0.72, perRun: '$0.023', perMonth: '$0.720' },
  ] as const)('shows the cost per run and per month from the $basis figures', async (c) => {
    const card = await mount('draft-card', {
      draft: draft(),
      estimate: estimate({ basis: c.basis, perRunUsd: c.perRunUsd, perMonthUsd: c.perMonthUsd }),
    });
    expect(figure(card, m.estimate)).toBe(`${m.perRun(c.perRun)} · ${m.perMonth(c.perMonth)}`);
  });

  it('shows only the cost per run for a draft that runs on demand', async () => {
    const card = await mount('draft-card', {
      draft: draft({ schedule: null }),
      estimate: estimate({ runsPerMonth: null, perMonthUsd: null }),
    });
    expect(figure(card, m.estimate)).toBe(m.perRun('$0.016'));
  });

  it('shows no cost before the designer estimated one', async () => {
    const card = await mount('draft-card', { draft: draft(), estimate: null });
    expect(figure(card, m.estimate)).toBeNull();
  });

  it('keeps the prompt folded away under “show prompt”', async () => {
    const card = await mount('draft-card', { draft: draft() });
    const details = shadow(card).querySelector('details');
    expect(details?.open).toBe(false);
    expect(textOf(details?.querySelector('summary'))).toBe(m.showPrompt);
    expect(textOf(details?.querySelector('pre'))).toBe('Check the weather in Seoul and say if an umbrella is needed.');
  });

  it('asks for a test run and a save with its buttons', async () => {
    const card = await mount('draft-card', { draft: draft() });
    const tests = events(document.body, 'ap-test-run');
    const saves = events(document.body, 'ap-save');
    button(shadow(card), m.testRun).click();
    expect(tests).toHaveLength(1);
    expect(saves).toHaveLength(0);
    button(shadow(card), m.save).click();
    expect(saves).toHaveLength(1);
  });

  it('says “save changes” when the draft changes an existing agent', async () => {
    const card = await mount('draft-card', { draft: draft(), editing: true });
    expect(button(shadow(card), m.saveChanges).disabled).toBe(false);
    expect(textOf(card)).not.toContain(m.save);
  });

  it('shows a test run going and lets no second one start', async () => {
    const card = await mount('draft-card', { draft: draft(), testing: true });
    const test = button(shadow(card), m.testRunning);
    expect(test.disabled).toBe(true);
    expect(test.querySelector('.spinner')).not.toBeNull();
    expect(button(shadow(card), m.save).disabled).toBe(false);
  });

  it('shows the save going and lets no second one start', async () => {
    const card = await mount('draft-card', { draft: draft(), saving: true });
    expect(button(shadow(card), m.saving).disabled).toBe(true);
    expect(button(shadow(card), m.testRun).disabled).toBe(false);
  });

  it('disables both actions while it must wait (a reply being written, or no conversation yet)', async () => {
    const card = await mount('draft-card', { draft: draft(), disabled: true });
    expect(button(shadow(card), m.testRun).disabled).toBe(true);
    expect(button(shadow(card), m.save).disabled).toBe(true);
  });
});
