/** @jest-environment jsdom */
import './env';
import { ApiError } from '../../src/data/errors';
import { startOfMonthIso } from '../../src/format/format';
import { messagesFor } from '../../src/i18n/messages';
import '../../src/pages/dashboard-page';
import type { DashboardPage } from '../../src/pages/dashboard-page';
import { setLocale } from '../../src/state/locale';
import { LOCALES, mount, settle, shadow, textOf } from './dom';
import { agent, execution, type FakeBackend, minutesAgo, put, useFakeClient } from './fakes';

const cards = (page: DashboardPage) => [...shadow(page).querySelectorAll('agent-card')];
const cardNames = (page: DashboardPage) => cards(page).map((c) => textOf(shadow(c).querySelector('h2')));
const links = (page: DashboardPage) =>
  [...shadow(page).querySelectorAll('a')].map((a) => [textOf(a), a.getAttribute('href')]);

describe.each(LOCALES)('dashboard-page in %s', (locale) => {
  const m = messagesFor(locale);
  let backend: FakeBackend;
  beforeEach(() => {
    setLocale(locale);
    ({ backend } = useFakeClient());
  });

  it('shows placeholders while the agents load', async () => {
    backend.hold();
    const page = await mount('dashboard-page');
    expect(textOf(shadow(page).querySelector('h1'))).toBe(m.dashTitle);
    expect(shadow(page).querySelector('[aria-busy="true"] .skeleton')).not.toBeNull();
    expect(textOf(page)).not.toContain(m.emptyTitle);
    backend.release();
    await settle(page);
    expect(shadow(page).querySelector('.skeleton')).toBeNull();
  });

  it('invites the person to design their first agent when they have none', async () => {
    const page = await mount('dashboard-page');
    const empty = shadow(page).querySelector('.empty');
    expect(textOf(empty?.querySelector('h2'))).toBe(m.emptyTitle);
    expect(textOf(empty)).toContain(m.emptyBody);
    expect(links(page)).toEqual([[m.emptyCta, '/new']]);
    expect(cards(page)).toHaveLength(0);
  });

  it('shows a card per agent, newest first, and a way to make another', async () => {
    put(
      backend,
      'agents',
      agent({ id: 'old', name: 'Old agent', createdAt: minutesAgo(600) }),
      agent({ id: 'new', name: 'New agent', createdAt: minutesAgo(5) }),
      agent({ id: 'theirs', userId: 'someone-else', name: 'Not mine', createdAt: minutesAgo(1) }),
    );
    const page = await mount('dashboard-page');
    expect(cardNames(page)).toEqual(['New agent', 'Old agent']);
    expect(links(page)).toContainEqual([`+ ${m.navNew}`, '/new']);
    expect(shadow(page).querySelector('.empty')).toBeNull();
  });

  it('adds a card as soon as an agent is saved elsewhere, and drops one that is deleted', async () => {
    put(backend, 'agents', agent({ id: 'a1', name: 'First', createdAt: minutesAgo(60) }));
    const page = await mount('dashboard-page');
    expect(cardNames(page)).toEqual(['First']);

    put(backend, 'agents', agent({ id: 'a2', name: 'Second', createdAt: minutesAgo(1) }));
    await settle(page);
    expect(cardNames(page)).toEqual(['Second', 'First']);

    backend.remove('agents', 'a2');
    backend.remove('agents', 'a1');
    await settle(page);
    expect(cardNames(page)).toEqual([]);
    expect(textOf(shadow(page).querySelector('.empty h2'))).toBe(m.emptyTitle);
  });

  it('shows on each card what its runs cost this month, not before', async () => {
    put(
      backend,
      'agents',
      agent({ id: 'a1', name: 'Counted' }),
      agent({ id: 'a2', name: 'Idle', createdAt: minutesAgo(1) }),
    );
    const lastMonth = new Date(new Date(startOfMonthIso()).getTime() - 3_600_000).toISOString();
    put(
      backend,
      'executions',
      execution({ id: 'e1', agentId: 'a1', scheduledFor: startOfMonthIso(), costUsd: 0.25 }),
      execution({ id: 'e2', agentId: 'a1', scheduledFor: minutesAgo(0), costUsd: 0.5 }),
      execution({ id: 'e0', agentId: 'a1', scheduledFor: lastMonth, costUsd: 9 }),
    );
    const page = await mount('dashboard-page');
    const month = (name: string) => {
      const card = cards(page).find((c) => textOf(shadow(c).querySelector('h2')) === name)!;
      return textOf([...shadow(card).querySelectorAll('dd')].at(-1));
    };
    expect(month('Counted')).toContain('$0.750');
    expect(month('Idle')).toContain('$0.00');
  });

  it('says why the agents cannot be shown', async () => {
    backend.fail('agents', new ApiError('permission_denied', 'Missing or insufficient permissions.'));
    const page = await mount('dashboard-page');
    expect(textOf(shadow(page).querySelector('[role="alert"]'))).toBe('Missing or insufficient permissions.');
    expect(textOf(page)).not.toContain(m.emptyTitle);
  });
});
