/**
 * A data client for component tests: a Backend answering live queries from
 * documents held in memory (a test adds, changes and removes them and every
 * watcher hears it, like Firestore's onSnapshot), and an Api whose calls are
 * recorded. `useFakeClient()` puts both behind `client()`.
 */
import type { Api, Usage } from '../../src/data/api';
import type { Backend, LiveDoc } from '../../src/data/backend';
import { setClient } from '../../src/data/client';
import type { ApiError } from '../../src/data/errors';
import type { LiveQuery } from '../../src/data/queries';
import type { Session } from '../../src/data/session';
import type { Agent, ChatMessage, Conversation, Execution, UserDoc } from '../../src/data/types';
import { type Notice, onNotice } from '../../src/ui/notifier';

export const UID = 'u1';

type Data = Record<string, unknown>;

interface Watcher {
  query: LiveQuery;
  next: (docs: LiveDoc[]) => void;
  fail: (err: ApiError) => void;
}

function field(data: Data, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v as Data | undefined)?.[key], data);
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  return (a as number | string) < (b as number | string) ? -1 : 1;
}

function matches(data: Data, [path, op, value]: readonly [string, string, unknown]): boolean {
  const v = field(data, path);
  switch (op) {
    case '==':
      return v === value;
    case '!=':
      return v !== value;
    case '<':
      return v !== undefined && compare(v, value) < 0;
    case '<=':
      return v !== undefined && compare(v, value) <= 0;
    case '>':
      return v !== undefined && compare(v, value) > 0;
    case '>=':
      return v !== undefined && compare(v, value) >= 0;
    case 'in':
      return (value as unknown[]).includes(v);
    case 'array-contains':
      return Array.isArray(v) && v.includes(value);
    default:
      throw new Error(`The fake backend does not know the operator ${op}`);
  }
}

export class FakeBackend implements Backend {
  readonly mode = 'local' as const;
  readonly canLinkGoogle = false;
  /** Every query watched so far, in order. */
  readonly watched: LiveQuery[] = [];
  private readonly collections = new Map<string, Map<string, Data>>();
  private readonly watchers = new Set<Watcher>();
  private readonly failures = new Map<string, ApiError>();
  private holding = false;

  async start(): Promise<Session> {
    return { uid: UID, isAnonymous: true };
  }
  async idToken(): Promise<string> {
    return 'token';
  }
  async appCheckToken(): Promise<string | null> {
    return null;
  }
  async linkGoogle(): Promise<never> {
    throw new Error('Not in component tests');
  }

  watch(query: LiveQuery, next: (docs: LiveDoc[]) => void, fail: (err: ApiError) => void) {
    const watcher = { query, next, fail };
    this.watched.push(query);
    this.watchers.add(watcher);
    this.deliver(watcher);
    return () => {
      this.watchers.delete(watcher);
    };
  }

  /** Adds or replaces a document; every watcher of its collection hears of it. */
  set(collection: string, id: string, data: Data): void {
    const docs = this.collections.get(collection) ?? new Map<string, Data>();
    docs.set(id, data);
    this.collections.set(collection, docs);
    this.changed(collection);
  }

  /** Changes some fields of a document already there. */
  update(collection: string, id: string, patch: Data): void {
    const before = this.collections.get(collection)?.get(id);
    if (!before) throw new Error(`No ${collection}/${id} to update`);
    this.set(collection, id, { ...before, ...patch });
  }

  remove(collection: string, id: string): void {
    this.collections.get(collection)?.delete(id);
    this.changed(collection);
  }

  /** Makes every watch of `collection` fail (now and from now on), as a refused query does. */
  fail(collection: string, err: ApiError): void {
    this.failures.set(collection, err);
    this.changed(collection);
  }

  /** Holds back all answers (the page stays "loading") until `release()`. */
  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    for (const w of [...this.watchers]) this.deliver(w);
  }

  private changed(collection: string): void {
    for (const w of [...this.watchers]) if (w.query.collection === collection) this.deliver(w);
  }

  private deliver(w: Watcher): void {
    if (this.holding || !this.watchers.has(w)) return;
    const failure = this.failures.get(w.query.collection);
    if (failure) w.fail(failure);
    else w.next(this.results(w.query));
  }

  private results(q: LiveQuery): LiveDoc[] {
    let docs = [...(this.collections.get(q.collection) ?? new Map<string, Data>()).entries()]
      .filter(([id]) => q.docId === undefined || id === q.docId)
      .filter(([, data]) => (q.where ?? []).every((clause) => matches(data, clause)));
    for (const [path, direction] of [...(q.orderBy ?? [])].reverse()) {
      docs = docs.sort(([, a], [, b]) => compare(field(a, path), field(b, path)) * (direction === 'desc' ? -1 : 1));
    }
    if (q.limit !== undefined) docs = docs.slice(0, q.limit);
    return docs.map(([id, data]) => ({ id, path: `${q.collection}/${id}`, data: JSON.parse(JSON.stringify(data)) }));
  }
}

/** Each API call a jest mock, answering as the API would by default. */
export type FakeApi = { [K in keyof Api]: jest.Mock<ReturnType<Api[K]>, Parameters<Api[K]>> };

const call = <K extends keyof Api>(answer: (...args: Parameters<Api[K]>) => ReturnType<Api[K]>): FakeApi[K] =>
  jest.fn(answer) as unknown as FakeApi[K];

export function fakeApi(): FakeApi {
  return {
    updateAgent: call<'updateAgent'>(async (id, patch) => ({ ...agent({ id }), ...patch }) as Agent),
    deleteAgent: call<'deleteAgent'>(async () => undefined),
    runAgent: call<'runAgent'>(async () => ({ executionId: 'run-now' })),
    usage: call<'usage'>(async () => usage()),
    chat: call<'chat'>(async (_message, opts = {}) => ({
      conversationId: opts.conversationId ?? 'c-new',
      messageId: 'reply-1',
    })),
    testRun: call<'testRun'>(async () => ({ executionId: 'test-run-1' })),
    saveDraft: call<'saveDraft'>(async () => agent({ id: 'saved-1', name: 'Saved agent' })),
    artifact: call<'artifact'>(
      async () => new Blob(['<svg xmlns="http://www.w3.org/2000/svg"/>'], { type: 'image/svg+xml' }),
    ),
    mergeGuest: call<'mergeGuest'>(async () => ({
      moved: { agents: 0, executions: 0, conversations: 0, messages: 0 },
    })),
    testDelivery: call<'testDelivery'>(async () => ({ status: 'sent' })),
    emailAddresses: call<'emailAddresses'>(async () => ({ addresses: [] })),
    addEmailAddress: call<'addEmailAddress'>(async (email) => ({ email, confirmed: false })),
    pushKey: call<'pushKey'>(async () => ({ publicKey: 'BPublicKey' })),
    addPushSubscription: call<'addPushSubscription'>(async () => ({ endpoint: 'https://push.example/1' })),
    versions: call<'versions'>(async () => ({ versions: [] })),
    restoreVersion: call<'restoreVersion'>(async (id) => agent({ id })),
    duplicateAgent: call<'duplicateAgent'>(async () => agent({ id: 'copy-1', name: 'Copy' })),
    templates: call<'templates'>(async () => ({ templates: [] })),
    startFromTemplate: call<'startFromTemplate'>(async () => ({ conversationId: 'c-template' })),
    runPage: call<'runPage'>(async () => ({ executions: [], nextCursor: null })),
    markRunSeen: call<'markRunSeen'>(async () => undefined),
    markAllResultsSeen: call<'markAllResultsSeen'>(async () => undefined),
  };
}

/** Puts a fresh fake backend and API behind `client()`. */
export function useFakeClient(opts: { offlineModel?: boolean } = {}): { backend: FakeBackend; api: FakeApi } {
  const backend = new FakeBackend();
  const api = fakeApi();
  setClient({
    backend,
    api: api as unknown as Api,
    session: { uid: UID, isAnonymous: true },
    offlineModel: opts.offlineModel ?? false,
  });
  return { backend, api };
}

// ---- Documents ---------------------------------------------------------------------------

/** A fixed "now" for documents' own times; tests that need the clock read Date.now(). */
export const NOW = new Date().toISOString();

const inMinutes = (min: number) => new Date(Date.now() + min * 60_000).toISOString();
export const minutesAgo = (min: number) => inMinutes(-min);
export const minutesAhead = inMinutes;

/** An agent as its live document reads (with its id). */
export function agent(over: Partial<Agent> = {}): Agent {
  return {
    id: 'a1',
    userId: UID,
    name: 'Morning news',
    description: 'Summarises the tech news every Monday.',
    finalAgentPrompt: 'Summarise the week’s tech news in five bullet points.',
    tools: ['web_search'],
    model: 'claude-sonnet-5-5',
    schedule: { frequency: 'weekly', time: '08:00', daysOfWeek: [1], timezone: 'Asia/Seoul' },
    status: 'active',
    nextRunAt: minutesAhead(60 * 24),
    lastRun: null,
    totalTokenUsage: { input: 0, output: 0 },
    costUsd: 0,
    runCount: 0,
    conversationId: null,
    deliveries: [],
    monthlyBudgetUsd: null,
    blockedBy: null,
    createdAt: minutesAgo(60 * 24 * 7),
    updatedAt: minutesAgo(60),
    ...over,
  };
}

/** A run as its live document reads. */
export function execution(over: Partial<Execution> = {}): Execution {
  return {
    id: 'e1',
    userId: UID,
    agentId: 'a1',
    trigger: 'schedule',
    scheduledFor: minutesAgo(10),
    startTime: minutesAgo(10),
    endTime: minutesAgo(9),
    status: 'success',
    result: 'All good.',
    error: null,
    events: [],
    tokenUsage: { input: 1200, output: 300, cacheRead: 0, cacheWrite: 0, webSearches: 0 },
    costUsd: 0.0123,
    model: 'claude-sonnet-5-5',
    attempt: 1,
    skippedRuns: 0,
    draft: null,
    conversationId: null,
    leaseId: null,
    leaseUntil: null,
    staleAfter: null,
    requeues: 0,
    createdAt: minutesAgo(10),
    ...over,
  } as Execution;
}

/** A chat message as its live document reads. */
export function message(over: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id: 'm1',
    userId: UID,
    role: 'assistant',
    content: '',
    parts: [],
    tokenUsage: null,
    state: 'complete',
    timestamp: NOW,
    ...over,
  };
}

/** A designer conversation as its live document reads. */
export function conversation(over: Partial<Conversation> = {}): Conversation {
  return {
    id: 'c1',
    userId: UID,
    agentId: null,
    title: 'Morning news',
    draft: null,
    timezone: 'Asia/Seoul',
    locale: 'en',
    tokenUsage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, webSearches: 0, codeExecutionSeconds: 0 },
    costUsd: 0,
    lastTestRun: null,
    turnLeaseUntil: null,
    createdAt: minutesAgo(5),
    updatedAt: minutesAgo(1),
    ...over,
  };
}

/** The user's own document. */
export function userDoc(over: Partial<UserDoc> = {}): UserDoc {
  return {
    id: UID,
    userId: UID,
    usage: {},
    holds: {},
    budgetUsd: null,
    provider: 'anonymous',
    createdAt: minutesAgo(60 * 24 * 30),
    ...over,
  };
}

/** `GET /api/usage`: $1.25 spent of $5, spread over two agents, a deleted one and the designer. */
export function usage(over: Partial<Usage> = {}): Usage {
  const month = NOW.slice(0, 7);
  return {
    month,
    tokens: { input: 30_000, output: 10_000, total: 40_000 },
    costUsd: 1.25,
    budget: { usd: 5, remainingUsd: 3.69, reservedUsd: 0.06, kind: 'guest', tokens: null, remaining: null },
    platform: null,
    byAgent: [
      { agentId: 'a1', name: 'Morning news', deleted: false, costUsd: 0.3, tokens: 3_500, runs: 2 },
      { agentId: 'a2', name: 'Umbrella', deleted: false, costUsd: 0.9, tokens: 30_000, runs: 1 },
      { agentId: 'gone', name: 'Old digest', deleted: true, costUsd: 0.01, tokens: 100, runs: 1 },
    ],
    designer: { costUsd: 0.04, tokens: 6_400, turns: 3 },
    daily: [
      { date: `${month}-01`, costUsd: 0.2 },
      { date: `${month}-02`, costUsd: 1.05 },
    ],
    resetsAt: minutesAhead(60 * 24 * 10),
    ...over,
  };
}

/** Stores documents (with ids) under `collection` of the backend. */
export function put(backend: FakeBackend, collection: string, ...docs: { id: string }[]): void {
  for (const { id, ...data } of docs) backend.set(collection, id, data);
}

/** What the app tells the person (toasts): every notice from now until the test ends. */
export function noticesSeen(): Notice[] {
  const seen: Notice[] = [];
  const off = onNotice((n) => seen.push(n));
  afterEachOnce(off);
  return seen;
}

const pendingCleanups: (() => void)[] = [];
afterEach(() => {
  for (const fn of pendingCleanups.splice(0)) fn();
});
function afterEachOnce(fn: () => void) {
  pendingCleanups.push(fn);
}
