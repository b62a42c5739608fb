/** @jest-environment jsdom */
import './env';
import type { StartedTurn } from '../../src/data/api';
import { ApiError } from '../../src/data/errors';
import type { AgentSpec, CostEstimate, MessagePart } from '../../src/data/types';
import { emit } from '../../src/events';
import { messagesFor } from '../../src/i18n/messages';
import '../../src/pages/workspace-page';
import type { WorkspacePage } from '../../src/pages/workspace-page';
import { setLocale } from '../../src/state/locale';
import { button, LOCALES, mount, settle, shadow, textOf, useFrozenClock } from './dom';
import {
  agent,
  conversation,
  type FakeApi,
  type FakeBackend,
  message,
  minutesAgo,
  minutesAhead,
  noticesSeen,
  put,
  useFakeClient,
} from './fakes';

const root = (page: WorkspacePage) => shadow(page);
const draftCard = (page: WorkspacePage) => root(page).querySelector('draft-card')!;
const composer = (page: WorkspacePage) => root(page).querySelector('chat-composer')!;
const composerBox = (page: WorkspacePage) => shadow(composer(page)).querySelector('textarea')!;
const chatMessages = (page: WorkspacePage) => [...root(page).querySelectorAll('chat-message')];
const statusLine = (page: WorkspacePage) => textOf(root(page).querySelector('p.status'));

/** Sends `text` as the composer does. */
async function send(page: WorkspacePage, text: string) {
  emit(composer(page), 'ap-send', { text });
  await settle(page);
}

/** An API answer the test releases when it wants the turn to finish. */
function held<T>() {
  let release!: (value: T) => void;
  let refuse!: (err: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => {
    release = resolve;
    refuse = reject;
  });
  return { promise, release, refuse };
}

const draft: Required<AgentSpec> = {
  name: 'Umbrella check',
  description: 'Says whether to take an umbrella.',
  finalAgentPrompt: 'Check the weather in Seoul.',
  tools: ['web_search'],
  model: 'claude-sonnet-5-5',
  schedule: { frequency: 'daily', time: '07:30', timezone: 'Asia/Seoul' },
  status: 'draft',
  deliveries: [],
  monthlyBudgetUsd: null,
  engine: 'messages',
};

const estimate: CostEstimate = {
  basis: 'estimate',
  model: 'claude-sonnet-5-5',
  modelLabel: 'Claude Sonnet 5.5',
  tokensPerRun: { input: 4000, output: 800 },
  perRunUsd: 0.0162,
  runsPerMonth: 30,
  perMonthUsd: 0.486,
};

const draftPart: MessagePart = { type: 'agent_draft', data: { draft, schedule: null, estimate, summary: '' } };

/** A conversation whose designer proposed a draft. */
function conversationWithDraft(backend: FakeBackend) {
  put(backend, 'conversations', conversation({ id: 'c1', draft }));
  put(
    backend,
    'conversations/c1/messages',
    message({ id: 'm1', role: 'user', content: 'Umbrella every morning', timestamp: minutesAgo(3) }),
    message({
      id: 'm2',
      role: 'assistant',
      parts: [{ type: 'text', data: { text: 'Here is a draft.' } }, draftPart],
      timestamp: minutesAgo(2),
    }),
  );
}

const turn = (conversationId: string, messageId = 'r'): StartedTurn => ({ conversationId, messageId });

describe.each(LOCALES)('workspace-page in %s', (locale) => {
  const m = messagesFor(locale);
  let backend: FakeBackend;
  let api: FakeApi;
  useFrozenClock();
  beforeEach(() => {
    setLocale(locale);
    ({ backend, api } = useFakeClient());
    history.replaceState(null, '', '/new');
  });

  describe('designing a new agent', () => {
    it('starts empty: an introduction, examples to try, and no draft to test or save', async () => {
      const page = await mount('workspace-page');
      expect(textOf(root(page).querySelector('h1'))).toBe(m.wsTitle);
      expect(textOf(root(page).querySelector('.intro p'))).toBe(m.wsIntro);
      expect([...root(page).querySelectorAll('.example')].map(textOf)).toEqual(m.wsExamples);
      expect(chatMessages(page)).toHaveLength(0);
      expect(textOf(draftCard(page))).toBe(m.draftEmpty);
      expect(shadow(draftCard(page)).querySelectorAll('button')).toHaveLength(0);
      expect(composerBox(page).placeholder).toBe(m.composerPlaceholder);
      expect(statusLine(page)).toBe('');
      expect(root(page).querySelector('.notice')).toBeNull();
    });

    it('says when the offline stand-in model answers', async () => {
      useFakeClient({ offlineModel: true });
      const page = await mount('workspace-page');
      expect(textOf(root(page).querySelector('.notice'))).toBe(m.offlineNotice);
    });

    it('puts an example in the message box when it is picked', async () => {
      const page = await mount('workspace-page');
      button(root(page), m.wsExamples[1]!).click();
      await settle(page);
      expect(composerBox(page).value).toBe(m.wsExamples[1]);
    });

    it('sends the first message, shows it and the designer working, then moves to the new conversation', async () => {
      const answer = held<StartedTurn>();
      api.chat.mockReturnValue(answer.promise);
      const page = await mount('workspace-page');
      await send(page, '매일 아침 우산이 필요한지 알려줘');
      expect(api.chat).toHaveBeenCalledWith('매일 아침 우산이 필요한지 알려줘', {});
      expect(chatMessages(page).map((c) => textOf(c))).toEqual(['매일 아침 우산이 필요한지 알려줘']);
      expect(statusLine(page)).toBe(`${m.designerWorking}: ${m.thinking}`);
      expect(shadow(composer(page)).querySelector<HTMLButtonElement>('button.send')?.disabled).toBe(true);
      expect(root(page).querySelector('.examples')).toBeNull();

      put(backend, 'conversations', conversation({ id: 'c-new', createdAt: minutesAhead(0) }));
      put(
        backend,
        'conversations/c-new/messages',
        message({ id: 'u', role: 'user', content: '매일 아침 우산이 필요한지 알려줘', timestamp: minutesAhead(0) }),
        message({ id: 'r', role: 'assistant', content: 'Which city?', timestamp: minutesAhead(0) }),
      );
      answer.release(turn('c-new'));
      await settle(page);
      expect(location.pathname).toBe('/chat/c-new');
      expect(chatMessages(page).map((c) => textOf(c))).toEqual(['매일 아침 우산이 필요한지 알려줘', '✦ Which city?']);
      expect(statusLine(page)).toBe('');
    });

    it('moves to the conversation as soon as the turn is started, and shows the reply as it grows', async () => {
      const text = 'Every weekday at 7:30, check the weather in Seoul';
      api.chat.mockResolvedValue(turn('c7', 'r'));
      const page = await mount('workspace-page');
      await send(page, text);
      expect(location.pathname).toBe('/chat/c7');
      // The turn is stored, its reply not yet seen: the designer is at work, the box waits.
      expect(statusLine(page)).toBe(`${m.designerWorking}: ${m.thinking}`);
      expect(composer(page).busy).toBe(true);
      put(
        backend,
        'conversations/c7/messages',
        message({ id: 'u', role: 'user', content: text, timestamp: minutesAhead(0) }),
        message({
          id: 'r',
          role: 'assistant',
          state: 'streaming',
          leaseUntil: minutesAhead(1),
          parts: [{ type: 'status', data: { phase: 'checking', text: 'Checking the schedule…' } }],
          timestamp: minutesAhead(0),
        }),
      );
      await settle(page);
      expect(chatMessages(page)).toHaveLength(2);
      expect(statusLine(page)).toBe(`${m.designerWorking}: Checking the schedule…`);
      backend.update('conversations/c7/messages', 'r', { state: 'complete', content: 'Done.', leaseUntil: null });
      await settle(page);
      expect(statusLine(page)).toBe('');
      expect(composer(page).busy).toBe(false);
    });

    it('after a reload mid-reply, waits for the reply before taking another message', async () => {
      history.replaceState(null, '', '/chat/c8');
      put(backend, 'conversations', conversation({ id: 'c8' }));
      put(
        backend,
        'conversations/c8/messages',
        message({ id: 'u', role: 'user', content: 'Hi', timestamp: minutesAgo(0.1) }),
        message({
          id: 'r',
          role: 'assistant',
          state: 'streaming',
          leaseUntil: minutesAhead(1),
          timestamp: minutesAgo(0.1),
        }),
      );
      const page = await mount('workspace-page', { conversationId: 'c8' });
      expect(composer(page).busy).toBe(true);
    });

    it('tells of a failed first message and gives its text back to send again', async () => {
      api.chat.mockRejectedValue(new ApiError('resource_exhausted', 'Too many messages; wait a minute.', 429));
      const notices = noticesSeen();
      const page = await mount('workspace-page');
      await send(page, 'Weather every morning');
      expect(notices.map((n) => [n.kind, n.text])).toEqual([['error', 'Too many messages; wait a minute.']]);
      expect(composerBox(page).value).toBe('Weather every morning');
      expect(chatMessages(page)).toHaveLength(0);
      expect(location.pathname).toBe('/new');
    });

    it('moves to the conversation a failed turn was stored in, to go on there', async () => {
      api.chat.mockRejectedValue(new ApiError('unavailable', 'The model is overloaded.', 503, [], 'c-failed'));
      const page = await mount('workspace-page');
      await send(page, 'Weather every morning');
      expect(location.pathname).toBe('/chat/c-failed');
    });
  });

  describe('in a conversation with a draft', () => {
    beforeEach(() => history.replaceState(null, '', '/chat/c1'));

    it('shows the conversation and the draft, ready to test and save', async () => {
      conversationWithDraft(backend);
      const page = await mount('workspace-page', { conversationId: 'c1' });
      expect(chatMessages(page).map((c) => textOf(c))).toEqual([
        'Umbrella every morning',
        `✦ Here is a draft. ✦ ${m.draftTitle}: Umbrella check`,
      ]);
      const card = draftCard(page);
      expect(textOf(shadow(card).querySelector('h2'))).toBe('Umbrella check');
      expect(textOf(card)).toContain(m.perRun('$0.016'));
      expect(button(shadow(card), m.testRun).disabled).toBe(false);
      expect(button(shadow(card), m.save).disabled).toBe(false);
      expect(root(page).querySelector('.examples')).toBeNull();
    });

    it('shows the draft from its message while the conversation has none stored', async () => {
      conversationWithDraft(backend);
      backend.update('conversations', 'c1', { draft: null });
      const page = await mount('workspace-page', { conversationId: 'c1' });
      expect(textOf(shadow(draftCard(page)).querySelector('h2'))).toBe('Umbrella check');
    });

    it('sends a message in this conversation, and holds Save and Test while the designer answers', async () => {
      conversationWithDraft(backend);
      const answer = held<StartedTurn>();
      api.chat.mockReturnValue(answer.promise);
      const page = await mount('workspace-page', { conversationId: 'c1' });
      await send(page, 'Make it 7:00');
      expect(api.chat).toHaveBeenCalledWith('Make it 7:00', { conversationId: 'c1' });
      expect(button(shadow(draftCard(page)), m.save).disabled).toBe(true);
      expect(button(shadow(draftCard(page)), m.testRun).disabled).toBe(true);
      answer.release(turn('c1', 'r2'));
      await settle(page);
      // The message is stored; the reply is still being written.
      expect(button(shadow(draftCard(page)), m.save).disabled).toBe(true);
      put(
        backend,
        'conversations/c1/messages',
        message({
          id: 'r2',
          role: 'assistant',
          content: 'At 7:00 then.',
          state: 'complete',
          timestamp: minutesAhead(0),
        }),
      );
      await settle(page);
      expect(button(shadow(draftCard(page)), m.save).disabled).toBe(false);
      expect(location.pathname).toBe('/chat/c1');
    });

    it('test-runs the draft and follows the run in the chat', async () => {
      conversationWithDraft(backend);
      const page = await mount('workspace-page', { conversationId: 'c1' });
      button(shadow(draftCard(page)), m.testRun).click();
      await settle(page);
      expect(api.testRun).toHaveBeenCalledWith('c1');
      const card = root(page).querySelector('test-run-card');
      expect(card?.executionId).toBe('test-run-1');
      expect(textOf(card)).toContain(`${m.testRunTitle} ${m.run_queued}`);
    });

    it('saves the draft as an agent, says so and goes to the dashboard', async () => {
      conversationWithDraft(backend);
      const notices = noticesSeen();
      const page = await mount('workspace-page', { conversationId: 'c1' });
      button(shadow(draftCard(page)), m.save).click();
      await settle(page);
      expect(api.saveDraft).toHaveBeenCalledWith('c1');
      expect(notices.map((n) => [n.kind, n.text])).toEqual([['success', m.saved('Saved agent')]]);
      expect(location.pathname).toBe('/');
    });

    it('tells of a failed save and stays', async () => {
      conversationWithDraft(backend);
      api.saveDraft.mockRejectedValue(new ApiError('invalid_argument', 'The draft has no name.', 400));
      const notices = noticesSeen();
      const page = await mount('workspace-page', { conversationId: 'c1' });
      button(shadow(draftCard(page)), m.save).click();
      await settle(page);
      expect(notices.map((n) => [n.kind, n.text])).toEqual([['error', 'The draft has no name.']]);
      expect(location.pathname).toBe('/chat/c1');
      expect(button(shadow(draftCard(page)), m.save).disabled).toBe(false);
    });

    it('says a reply was interrupted instead of showing the designer at work', async () => {
      conversationWithDraft(backend);
      put(
        backend,
        'conversations/c1/messages',
        message({ id: 'm3', role: 'user', content: 'And on Sundays?', timestamp: minutesAgo(1) }),
        message({
          id: 'm4',
          role: 'assistant',
          state: 'streaming',
          leaseUntil: minutesAgo(0.5),
          parts: [{ type: 'status', data: { phase: 'drafting', text: 'Drafting…' } }],
          timestamp: minutesAgo(1),
        }),
      );
      const page = await mount('workspace-page', { conversationId: 'c1' });
      expect(textOf(chatMessages(page).at(-1))).toContain(m.replyInterrupted);
      expect(statusLine(page)).toBe('');
    });
  });

  describe('changing an existing agent', () => {
    it('starts from the agent as it is, and says saving updates it', async () => {
      put(backend, 'agents', agent({ id: 'a1', name: 'Morning news' }));
      const page = await mount('workspace-page', { agentId: 'a1' });
      expect(textOf(root(page).querySelector('h1'))).toBe(m.editWithDesigner);
      const back = root(page).querySelector('a.back');
      expect([textOf(back), back?.getAttribute('href')]).toEqual(['← Morning news', '/agents/a1']);
      expect(textOf(root(page).querySelector('.intro p'))).toBe(m.wsEditIntro('Morning news'));
      expect([...root(page).querySelectorAll('.example')].map(textOf)).toEqual(m.wsEditExamples);
      expect(composerBox(page).placeholder).toBe(m.composerPlaceholderEdit);
      expect(textOf(shadow(draftCard(page)).querySelector('h2'))).toBe('Morning news');
      // Nothing to save before the designer has been asked for a change.
      expect(button(shadow(draftCard(page)), m.saveChanges).disabled).toBe(true);
    });

    it('sends the first message about that agent', async () => {
      put(backend, 'agents', agent({ id: 'a1' }));
      api.chat.mockResolvedValue(turn('c-edit'));
      const page = await mount('workspace-page', { agentId: 'a1' });
      await send(page, 'Run it at 7am instead');
      expect(api.chat).toHaveBeenCalledWith('Run it at 7am instead', { agentId: 'a1' });
      expect(location.pathname).toBe('/chat/c-edit');
    });

    it('goes back to the agent after saving the change', async () => {
      put(backend, 'agents', agent({ id: 'a1', name: 'Morning news' }));
      put(backend, 'conversations', conversation({ id: 'c1', agentId: 'a1', draft }));
      api.saveDraft.mockResolvedValue(agent({ id: 'a1', name: 'Morning news' }));
      const notices = noticesSeen();
      const page = await mount('workspace-page', { conversationId: 'c1' });
      expect(textOf(root(page).querySelector('h1'))).toBe(m.editWithDesigner);
      button(shadow(draftCard(page)), m.saveChanges).click();
      await settle(page);
      expect(notices.map((n) => [n.kind, n.text])).toEqual([['success', m.agentUpdated('Morning news')]]);
      expect(location.pathname).toBe('/agents/a1');
    });

    it('says the agent is not found when it does not exist', async () => {
      const page = await mount('workspace-page', { agentId: 'gone' });
      expect(textOf(root(page).querySelector('[role="alert"]'))).toBe(m.notFound);
      const back = root(page).querySelector('a.back');
      expect([textOf(back), back?.getAttribute('href')]).toEqual([`← ${m.back}`, '/']);
    });
  });
});
