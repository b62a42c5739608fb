import { assertOwnerOnly, type FirestoreSdk, toFirestoreQuery } from '../src/data/firestore-mapping';
import { CLOCK_SKEW_MS, type FirstTurn, isStartedBy, titleFor } from '../src/data/first-turn';
import { newestConversationQuery } from '../src/data/queries';
import type { Conversation } from '../src/data/types';

const sentAtMs = Date.parse('2026-11-03T09:00:00.000Z');
const turn: FirstTurn = { text: 'Summarise the tech news every Monday at 8\nin English, please', sentAtMs };
const conv = (over: Partial<Conversation>): Pick<Conversation, 'createdAt' | 'agentId' | 'title'> => ({
  agentId: null,
  id: 'c1',
  title: 'Summarise the tech news every Monday at 8',
  createdAt: '2026-11-03T09:00:00.400Z',
  ...over,
});

describe('the newest-conversation query', () => {
  it('asks for the user’s own conversations, newest first, one only', () => {
    const q = newestConversationQuery('u1');
    expect(q).toEqual({
      collection: 'conversations',
      where: [['userId', '==', 'u1']],
      orderBy: [['createdAt', 'desc']],
      limit: 1,
    });
    expect(() => assertOwnerOnly(q, 'u1')).not.toThrow();
  });

  it('maps to where userId, orderBy createdAt desc, limit 1 in Firestore', () => {
    const sdk: FirestoreSdk<string, unknown, unknown> = {
      collection: (db, path) => ({ db, path }),
      query: (q, ...constraints) => ({ q, constraints }),
      where: (field, op, value) => ['where', field, op, value],
      orderBy: (field, dir) => ['orderBy', field, dir],
      limit: (n) => ['limit', n],
      documentId: () => '__name__',
    };
    expect(toFirestoreQuery(sdk, 'db', 'u1', newestConversationQuery('u1'))).toEqual({
      q: { db: 'db', path: 'conversations' },
      constraints: [
        ['where', 'userId', '==', 'u1'],
        ['orderBy', 'createdAt', 'desc'],
        ['limit', 1],
      ],
    });
  });
});

describe('adopting the conversation a first message started', () => {
  it('adopts a conversation created after the message was sent and titled after its first line', () => {
    expect(isStartedBy(conv({}), turn)).toBe(true);
  });

  it('adopts it when the server’s clock is up to two minutes behind the browser’s', () => {
    const behind = new Date(sentAtMs - CLOCK_SKEW_MS + 1000).toISOString();
    expect(isStartedBy(conv({ createdAt: behind }), turn)).toBe(true);
  });

  it('ignores an older conversation, even one with the same title', () => {
    const older = new Date(sentAtMs - CLOCK_SKEW_MS - 1000).toISOString();
    expect(isStartedBy(conv({ createdAt: older }), turn)).toBe(false);
    expect(isStartedBy(conv({ createdAt: '2026-10-01T09:00:00.000Z' }), turn)).toBe(false);
  });

  it('ignores a new conversation with a different title (started elsewhere)', () => {
    expect(isStartedBy(conv({ title: 'Weekly sales report' }), turn)).toBe(false);
    // A title that merely begins like the message is another conversation.
    expect(isStartedBy(conv({ title: 'Summarise' }), turn)).toBe(false);
  });

  it('ignores a conversation without a creation time or title', () => {
    expect(isStartedBy(conv({ createdAt: undefined }), turn)).toBe(false);
    expect(isStartedBy(conv({ title: undefined }), turn)).toBe(false);
  });

  it('adopts a conversation about the agent the first message asked to change', () => {
    expect(isStartedBy(conv({ agentId: 'a1' }), { ...turn, agentId: 'a1' })).toBe(true);
  });

  it('ignores a conversation about another agent, or about none, when the message is about one', () => {
    expect(isStartedBy(conv({ agentId: 'a2' }), { ...turn, agentId: 'a1' })).toBe(false);
    expect(isStartedBy(conv({ agentId: null }), { ...turn, agentId: 'a1' })).toBe(false);
  });

  it('ignores a conversation about an agent when the message starts a new one', () => {
    expect(isStartedBy(conv({ agentId: 'a1' }), turn)).toBe(false);
    expect(isStartedBy(conv({ agentId: null }), { ...turn, agentId: null })).toBe(true);
  });

  it('matches the server’s cut title for a long first line', () => {
    const long = `  ${'매주 월요일 오전 8시에 서울 시간으로 한국 IT 뉴스를 요약해줘 '.repeat(3)}\n두 번째 줄`;
    const title = titleFor(long);
    expect([...title]).toHaveLength(60);
    expect(title.endsWith('…')).toBe(true);
    expect(isStartedBy(conv({ title }), { text: long, sentAtMs })).toBe(true);
  });
});
