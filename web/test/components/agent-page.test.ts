/** @jest-environment jsdom */
import './env';
import { ApiError } from '../../src/data/errors';
import type { Agent } from '../../src/data/types';
import { formatDateTime } from '../../src/format/format';
import { messagesFor } from '../../src/i18n/messages';
import '../../src/pages/agent-page';
import type { AgentPage } from '../../src/pages/agent-page';
import { setLocale } from '../../src/state/locale';
import { button, LOCALES, mount, settle, shadow, textOf, useFrozenClock } from './dom';
import {
  agent,
  execution,
  type FakeApi,
  type FakeBackend,
  minutesAgo,
  minutesAhead,
  noticesSeen,
  put,
  useFakeClient,
} from './fakes';

// The bundle loads uPlot's stylesheet as text (esbuild's text loader); Jest cannot read CSS.
jest.mock('uplot/dist/uPlot.min.css', () => '');

const root = (page: AgentPage) => shadow(page);
const stat = (page: AgentPage, term: string) => {
  const row = [...root(page).querySelectorAll('.stats > div')].find((d) => textOf(d.querySelector('dt')) === term);
  return textOf(row?.querySelector('dd'));
};
// The history sits inside the browser that pages and searches it.
const runHistory = (page: AgentPage) =>
  shadow(root(page).querySelector('run-history-browser')!).querySelector('run-history')!;
const historyRows = (page: AgentPage) => [...shadow(runHistory(page)).querySelectorAll('ul > li')];
const dialog = (page: AgentPage) => root(page).querySelector('dialog')!;
const headerButton = (page: AgentPage, name: string) => button(root(page).querySelector('.head')!, name);

const withHistory = (over: Partial<Agent> = {}) =>
  agent({
    runCount: 12,
    totalTokenUsage: { input: 30_000, output: 15_000 },
    costUsd: 0.42,
    nextRunAt: minutesAhead(120),
    ...over,
  });

const runs = [
  execution({ id: 'e2', scheduledFor: minutesAgo(60), startTime: minutesAgo(60), endTime: minutesAgo(59) }),
  execution({ id: 'e1', scheduledFor: minutesAgo(120), startTime: minutesAgo(120), endTime: minutesAgo(119) }),
];

describe.each(LOCALES)('agent-page in %s', (locale) => {
  const m = messagesFor(locale);
  let backend: FakeBackend;
  let api: FakeApi;
  useFrozenClock();
  beforeEach(() => {
    setLocale(locale);
    ({ backend, api } = useFakeClient());
    history.replaceState(null, '', '/agents/a1');
  });

  it('says it is loading until the agent arrives', async () => {
    backend.hold();
    const page = await mount('agent-page', { agentId: 'a1' });
    expect(textOf(root(page).querySelector('[aria-busy="true"]'))).toBe(m.loading);
    expect(textOf(root(page).querySelector('a.back'))).toBe(`← ${m.back}`);
  });

  it.each([
    { name: 'an agent that does not exist', refuse: false },
    { name: 'someone else’s agent (the read is refused)', refuse: true },
  ])('says the agent is not found for $name, with the way back', async ({ refuse }) => {
    put(backend, 'agents', agent({ id: 'other' }));
    if (refuse) backend.fail('agents', new ApiError('permission_denied', 'Missing or insufficient permissions.'));
    const page = await mount('agent-page', { agentId: 'a1' });
    expect(textOf(root(page).querySelector('h1'))).toBe(m.notFound);
    expect(root(page).querySelector('a.back')?.getAttribute('href')).toBe('/');
    expect(root(page).querySelectorAll('button')).toHaveLength(0);
  });

  it('says why the agent cannot be read when it is not a refusal', async () => {
    backend.fail('agents', new ApiError('unavailable', 'The live feed is down.'));
    const page = await mount('agent-page', { agentId: 'a1' });
    expect(textOf(root(page).querySelector('[role="alert"]'))).toBe('The live feed is down.');
  });

  it('shows an agent with its history: status, schedule, figures, runs, chart and settings', async () => {
    const a = withHistory();
    put(backend, 'agents', a);
    put(backend, 'executions', ...runs);
    const page = await mount('agent-page', { agentId: 'a1' });
    expect(textOf(root(page).querySelector('h1'))).toBe('Morning news');
    expect(textOf(root(page).querySelector('status-badge'))).toBe(m.status_active);
    expect(textOf(root(page).querySelector('.title p'))).toBe(
      locale === 'ko' ? '매주 월요일 오전 8:00 (서울)' : 'Every Monday at 8:00 AM (Seoul)',
    );
    expect(stat(page, m.nextRun)).toContain(formatDateTime(a.nextRunAt));
    expect(stat(page, m.runCount)).toBe('12');
    expect(stat(page, m.totalTokens)).toBe(locale === 'ko' ? '4.5만' : '45K');
    expect(stat(page, m.totalCost)).toBe('$0.420');
    expect(historyRows(page)).toHaveLength(2);
    expect(historyRows(page)[0]?.querySelector('button')?.getAttribute('aria-expanded')).toBe('true');
    expect(root(page).querySelector('usage-chart')).not.toBeNull();
    expect(shadow(root(page).querySelector('agent-form')!).querySelector<HTMLInputElement>('#name')?.value).toBe(
      'Morning news',
    );
    const designer = [...root(page).querySelectorAll('a')].find((l) => textOf(l).includes(m.editWithDesigner));
    expect(designer?.getAttribute('href')).toBe('/agents/a1/chat');
  });

  it('draws no chart before two runs have finished', async () => {
    put(backend, 'agents', withHistory());
    put(backend, 'executions', runs[0]!, execution({ id: 'e3', status: 'running', endTime: null }));
    const page = await mount('agent-page', { agentId: 'a1' });
    expect(historyRows(page)).toHaveLength(2);
    expect(root(page).querySelector('usage-chart')).toBeNull();
  });

  it('says there are no runs yet for a new agent', async () => {
    put(backend, 'agents', agent({ runCount: 0 }));
    const page = await mount('agent-page', { agentId: 'a1' });
    expect(textOf(runHistory(page))).toBe(m.noRuns);
    expect(stat(page, m.runCount)).toBe('0');
  });

  it('counts a finished run shown open as seen, and one opened by hand, but not an upcoming one', async () => {
    put(backend, 'agents', withHistory());
    const upcoming = execution({
      id: 'next',
      status: 'queued',
      scheduledFor: minutesAhead(60),
      startTime: null,
      endTime: null,
    });
    put(backend, 'executions', ...runs);
    const page = await mount('agent-page', { agentId: 'a1' });
    await settle(page);
    // The latest run opens by itself: it is on screen, so it is seen.
    expect(api.markRunSeen.mock.calls).toEqual([['e2']]);
    historyRows(page)[1]?.querySelector('button')?.click();
    await settle(page);
    expect(api.markRunSeen.mock.calls).toEqual([['e2'], ['e1']]);
    put(backend, 'executions', upcoming);
    await settle(page);
    expect(api.markRunSeen).toHaveBeenCalledTimes(2);
  });

  it('runs the agent now, says so, and opens the new run when it appears', async () => {
    let answer!: () => void;
    api.runAgent.mockImplementation(() => new Promise((resolve) => (answer = () => resolve({ executionId: 'now' }))));
    const notices = noticesSeen();
    put(backend, 'agents', withHistory());
    // The next scheduled run already exists, queued ahead of time: it heads the list.
    const upcoming = execution({
      id: 'next',
      status: 'queued',
      scheduledFor: minutesAhead(120),
      startTime: null,
      endTime: null,
    });
    put(backend, 'executions', upcoming, ...runs);
    const page = await mount('agent-page', { agentId: 'a1' });
    headerButton(page, m.runNow).click();
    await settle(page);
    expect(api.runAgent).toHaveBeenCalledWith('a1');
    expect(headerButton(page, m.runNow).disabled).toBe(true);
    expect(headerButton(page, m.pause).disabled).toBe(true);
    answer();
    await settle(page);
    expect(notices.map((n) => [n.kind, n.text])).toEqual([['info', m.runStarted]]);
    expect(headerButton(page, m.runNow).disabled).toBe(false);
    put(
      backend,
      'executions',
      execution({
        id: 'now',
        status: 'queued',
        trigger: 'manual',
        scheduledFor: minutesAgo(0),
        startTime: null,
        endTime: null,
      }),
    );
    await settle(page);
    const rows = historyRows(page);
    expect(rows.map((r) => textOf(r.querySelector('status-badge')))).toEqual([
      m.run_scheduled,
      m.run_queued,
      m.run_success,
      m.run_success,
    ]);
    expect(rows.map((r) => r.querySelector('button')?.getAttribute('aria-expanded'))).toEqual([
      'false',
      'true',
      'false',
      'false',
    ]);
  });

  it('tells of a run that could not start, and lets the person try again', async () => {
    api.runAgent.mockRejectedValue(new ApiError('resource_exhausted', 'This month’s budget is used up.', 429));
    const notices = noticesSeen();
    put(backend, 'agents', withHistory());
    const page = await mount('agent-page', { agentId: 'a1' });
    headerButton(page, m.runNow).click();
    await settle(page);
    expect(notices.map((n) => [n.kind, n.text])).toEqual([['error', 'This month’s budget is used up.']]);
    expect(headerButton(page, m.runNow).disabled).toBe(false);
  });

  it('pauses an active agent and shows it paused once the change arrives', async () => {
    const notices = noticesSeen();
    put(backend, 'agents', withHistory());
    const page = await mount('agent-page', { agentId: 'a1' });
    headerButton(page, m.pause).click();
    await settle(page);
    expect(api.updateAgent).toHaveBeenCalledWith('a1', { status: 'inactive' });
    expect(notices.map((n) => [n.kind, n.text])).toEqual([['success', m.paused]]);

    backend.update('agents', 'a1', { status: 'inactive' });
    await settle(page);
    expect(textOf(root(page).querySelector('status-badge'))).toBe(m.status_inactive);
    expect(stat(page, m.nextRun)).toBe(m.none);
    expect(headerButton(page, m.resume).disabled).toBe(false);
  });

  it('resumes a paused agent', async () => {
    const notices = noticesSeen();
    put(backend, 'agents', withHistory({ status: 'inactive' }));
    const page = await mount('agent-page', { agentId: 'a1' });
    expect(stat(page, m.nextRun)).toBe(m.none);
    headerButton(page, m.resume).click();
    await settle(page);
    expect(api.updateAgent).toHaveBeenCalledWith('a1', { status: 'active' });
    expect(notices.map((n) => [n.kind, n.text])).toEqual([['success', m.resumed]]);
  });

  it('asks before deleting, and does nothing when the person cancels', async () => {
    put(backend, 'agents', withHistory());
    const page = await mount('agent-page', { agentId: 'a1' });
    headerButton(page, m.delete).click();
    expect(dialog(page).open).toBe(true);
    expect(textOf(dialog(page).querySelector('h2'))).toBe(m.deleteConfirmTitle);
    expect(textOf(dialog(page).querySelector('p'))).toBe(m.deleteConfirmBody('Morning news'));
    button(dialog(page), m.cancel).click();
    expect(dialog(page).open).toBe(false);
    expect(api.deleteAgent).not.toHaveBeenCalled();
  });

  it('deletes the agent once confirmed, says so and goes back to the dashboard', async () => {
    const notices = noticesSeen();
    put(backend, 'agents', withHistory());
    const page = await mount('agent-page', { agentId: 'a1' });
    headerButton(page, m.delete).click();
    button(dialog(page), m.delete).click();
    await settle(page);
    expect(api.deleteAgent).toHaveBeenCalledWith('a1');
    expect(notices.map((n) => [n.kind, n.text])).toEqual([['success', m.deleted('Morning news')]]);
    expect(location.pathname).toBe('/');
  });

  it('says the agent is gone when it is deleted elsewhere while open', async () => {
    put(backend, 'agents', withHistory());
    const page = await mount('agent-page', { agentId: 'a1' });
    backend.remove('agents', 'a1');
    await settle(page);
    expect(textOf(root(page).querySelector('h1'))).toBe(m.notFound);
  });
});
