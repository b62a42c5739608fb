/** @jest-environment jsdom */
import './env';
import { ApiError } from '../../src/data/errors';
import { budgetResetsAt } from '../../src/data/usage';
import { formatDateTime } from '../../src/format/format';
import { messagesFor } from '../../src/i18n/messages';
import '../../src/pages/agent-page';
import '../../src/pages/dashboard-page';
import { setLocale } from '../../src/state/locale';
import type { AgentBudgetField } from '../../src/ui/agent-budget';
import { parseBudget } from '../../src/ui/agent-budget';
import '../../src/ui/agent-budget';
import '../../src/ui/agent-card';
import { deep, deepAll, LOCALES, mount, settle, shadow, textOf, type } from './dom';
import { agent, type FakeApi, type FakeBackend, noticesSeen, put, useFakeClient } from './fakes';

// The agent page draws a usage chart; Jest cannot read uPlot's CSS.
jest.mock('uplot/dist/uPlot.min.css', () => '');

const stops = (root: Element) =>
  deepAll(root, 'budget-stop').flatMap((s) => [...shadow(s).querySelectorAll('p')].map(textOf));
const bannerLines = (root: Element) =>
  deepAll(root, 'budget-banner').flatMap((b) => [...shadow(b).querySelectorAll('li')].map(textOf));

describe.each(LOCALES)('budget stops in %s', (locale) => {
  const m = messagesFor(locale);
  const resumes = () => formatDateTime(budgetResetsAt());
  let backend: FakeBackend;
  beforeEach(() => {
    setLocale(locale);
    ({ backend } = useFakeClient());
  });

  it('resumes on the first of next month, UTC', () => {
    expect(budgetResetsAt(new Date('2026-11-30T23:59:59.000Z'))).toBe('2026-12-01T00:00:00.000Z');
    expect(budgetResetsAt(new Date('2026-12-15T08:00:00.000Z'))).toBe('2027-01-01T00:00:00.000Z');
  });

  it.each(['agent_budget', 'user_budget', 'platform_budget'] as const)(
    'the agent’s card says %s stopped its runs, and when they resume',
    async (reason) => {
      const card = await mount('agent-card', { agent: agent({ blockedBy: reason }) });
      expect(stops(card)).toEqual([`${m[`blocked_${reason}`]} ${m.blockedResumes(resumes())}`]);
    },
  );

  it('says nothing on the card of an agent no budget stopped', async () => {
    const card = await mount('agent-card', { agent: agent({ blockedBy: null }) });
    expect(stops(card)).toEqual([]);
  });

  it('the dashboard’s banner says which budgets stopped runs: the platform’s, yours, and named agents’', async () => {
    put(
      backend,
      'agents',
      agent({ id: 'a1', name: 'Morning news', blockedBy: 'agent_budget' }),
      agent({ id: 'a2', name: 'Umbrella', blockedBy: 'agent_budget' }),
      agent({ id: 'a3', name: 'Prices', blockedBy: 'user_budget' }),
      agent({ id: 'a4', name: 'Fine', blockedBy: null }),
    );
    const page = await mount('dashboard-page');
    const both = locale === 'ko' ? 'Morning news 및 Umbrella' : 'Morning news and Umbrella';
    const names = bannerLines(page).at(-1)!;
    expect(bannerLines(page)).toEqual([m.bannerUserBudget(resumes()), names]);
    expect([
      m.bannerAgentBudget(both, resumes()),
      m.bannerAgentBudget('Umbrella and Morning news', resumes()),
    ]).toContain(names);
    expect(stops(page)).toHaveLength(3);

    backend.update('agents', 'a3', { blockedBy: 'platform_budget' });
    await settle(page);
    expect(bannerLines(page)[0]).toBe(m.bannerPlatformBudget(resumes()));
  });

  it('the dashboard shows no banner once runs get going again', async () => {
    put(backend, 'agents', agent({ id: 'a1', blockedBy: 'user_budget' }));
    const page = await mount('dashboard-page');
    expect(bannerLines(page)).toHaveLength(1);
    backend.update('agents', 'a1', { blockedBy: null });
    await settle(page);
    expect(bannerLines(page)).toEqual([]);
  });

  it('the agent page says which budget stopped it', async () => {
    put(backend, 'agents', agent({ id: 'a1', blockedBy: 'agent_budget', monthlyBudgetUsd: 2 }));
    const page = await mount('agent-page', { agentId: 'a1' });
    expect(stops(page)).toEqual([`${m.blocked_agent_budget} ${m.blockedResumes(resumes())}`]);
    expect(shadow(deep(page, 'agent-budget')).querySelector('input')?.value).toBe('2');
  });
});

describe.each(LOCALES)('an agent’s own monthly budget in %s', (locale) => {
  const m = messagesFor(locale);
  let api: FakeApi;
  beforeEach(() => {
    setLocale(locale);
    ({ api } = useFakeClient());
  });
  const input = (f: AgentBudgetField) => shadow(f).querySelector('input')!;
  const save = (f: AgentBudgetField) => shadow(f).querySelector('button')!;
  async function enter(f: AgentBudgetField, text: string) {
    type(input(f), text);
    await settle(f);
    save(f).click();
    await settle(f);
  }

  it('starts empty for an agent without one, with nothing to save', async () => {
    const f = await mount('agent-budget', { agent: agent({ monthlyBudgetUsd: null }) });
    expect(input(f).value).toBe('');
    expect(textOf(shadow(f).querySelector('label'))).toBe(m.agentBudget);
    expect(save(f).disabled).toBe(true);
  });

  it('sets one, and says so', async () => {
    const notices = noticesSeen();
    const f = await mount('agent-budget', { agent: agent({ monthlyBudgetUsd: null }) });
    await enter(f, '$2.50');
    expect(api.updateAgent).toHaveBeenCalledWith('a1', { monthlyBudgetUsd: 2.5 });
    expect(notices.map((n) => n.text)).toEqual([m.agentBudgetSaved]);
  });

  it('clears one when the field is emptied', async () => {
    const notices = noticesSeen();
    const f = await mount('agent-budget', { agent: agent({ monthlyBudgetUsd: 3 }) });
    expect(input(f).value).toBe('3');
    await enter(f, '');
    expect(api.updateAgent).toHaveBeenCalledWith('a1', { monthlyBudgetUsd: null });
    expect(notices.map((n) => n.text)).toEqual([m.agentBudgetCleared]);
  });

  it.each(['0', '-1', 'abc', '1e3', '2..5'])('refuses %p next to the field, without calling the API', async (text) => {
    const f = await mount('agent-budget', { agent: agent({ monthlyBudgetUsd: null }) });
    await enter(f, text);
    expect(textOf(shadow(f).querySelector('.field-error'))).toBe(m.agentBudgetInvalid);
    expect(input(f).getAttribute('aria-invalid')).toBe('true');
    expect(api.updateAgent).not.toHaveBeenCalled();
  });

  it('shows the server’s own message when it refuses the value', async () => {
    api.updateAgent.mockRejectedValue(
      new ApiError('invalid_argument', 'Too much.', 400, [{ field: 'monthlyBudgetUsd', message: 'Too much.' }]),
    );
    const f = await mount('agent-budget', { agent: agent({ monthlyBudgetUsd: null }) });
    await enter(f, '100000');
    expect(textOf(shadow(f).querySelector('.field-error'))).toBe('Too much.');
  });

  it('follows the saved value as the live document changes, unless the owner is typing', async () => {
    const f = await mount('agent-budget', { agent: agent({ monthlyBudgetUsd: 1 }) });
    f.agent = agent({ monthlyBudgetUsd: 4 });
    await settle(f);
    expect(input(f).value).toBe('4');
    type(input(f), '9');
    await settle(f);
    f.agent = agent({ monthlyBudgetUsd: 5 });
    await settle(f);
    expect(input(f).value).toBe('9');
  });
});

test('reads budgets as a person types them', () => {
  expect([parseBudget(''), parseBudget(' 5 '), parseBudget('$1,000'), parseBudget('.5')]).toEqual([null, 5, 1000, 0.5]);
  expect([parseBudget('0'), parseBudget('0.00'), parseBudget('x')]).toEqual([undefined, undefined, undefined]);
});
