/**
 * Every Firestore path and query of executions (and the agent fields a run
 * reads and writes). Indexes for the queries here are in firestore.indexes.json.
 */
import type { AgentDoc } from '../agents/schema';
import { agentPath, readAgent } from '../agents/store';
import { ZERO_USAGE } from '../model/usage';
import type { QuerySpec, Store, StoredDoc, StoreReader, Transaction } from '../ports/store';
import type { ExecutionDoc, ExecutionEvent, RunDraft, Trigger } from './execution';

export const executionPath = (id: string) => `executions/${id}`;
/** One small document per user: the times of their recent run-now requests (usage/rate-limit.ts). */
export const runNowLogPath = (uid: string) => `runNowLogs/${uid}`;
export { agentPath };

export function getExecution(store: StoreReader, id: string): Promise<StoredDoc<ExecutionDoc> | null> {
  return store.get<ExecutionDoc>(executionPath(id));
}

export function getAgent(store: StoreReader, id: string): Promise<StoredDoc<AgentDoc> | null> {
  return readAgent(store, id);
}

/** A fresh queued execution, every field present (the web reads them as they are). */
export function newExecution(input: {
  userId: string;
  agentId: string | null;
  trigger: Trigger;
  scheduledFor: Date;
  model: string | null;
  now: Date;
  staleAfter: Date;
  skippedRuns?: number;
  draft?: RunDraft | null;
  conversationId?: string | null;
  events?: ExecutionEvent[];
}): ExecutionDoc {
  return {
    userId: input.userId,
    agentId: input.agentId,
    trigger: input.trigger,
    scheduledFor: input.scheduledFor.toISOString(),
    startTime: null,
    endTime: null,
    status: 'queued',
    result: null,
    error: null,
    events: input.events ?? [],
    tokenUsage: { ...ZERO_USAGE },
    costUsd: 0,
    model: input.model,
    attempt: 0,
    skippedRuns: input.skippedRuns ?? 0,
    draft: input.draft ?? null,
    conversationId: input.conversationId ?? null,
    leaseId: null,
    leaseUntil: null,
    staleAfter: input.staleAfter.toISOString(),
    requeues: 0,
    createdAt: input.now.toISOString(),
  };
}

export function createExecution(target: Store | Transaction, id: string, doc: ExecutionDoc): Promise<void> | void {
  return target.create(executionPath(id), doc as unknown as Record<string, unknown>);
}

/** An agent's runs, newest first (index: agentId ASC, scheduledFor DESC). */
export function listAgentExecutions(store: StoreReader, agentId: string, limit: number) {
  return store.query<ExecutionDoc>(agentExecutionsQuery(agentId, limit));
}

const agentExecutionsQuery = (agentId: string, limit: number): QuerySpec => ({
  collection: 'executions',
  where: [['agentId', '==', agentId]],
  orderBy: [['scheduledFor', 'desc']],
  limit,
});

/** An agent's scheduled runs still waiting in the queue (index: agentId, trigger, status). */
export function listQueuedScheduledRuns(store: StoreReader, agentId: string) {
  return store.query<ExecutionDoc>(queuedScheduledQuery(agentId));
}

const queuedScheduledQuery = (agentId: string): QuerySpec => ({
  collection: 'executions',
  where: [
    ['agentId', '==', agentId],
    ['trigger', '==', 'schedule'],
    ['status', '==', 'queued'],
  ],
});

/**
 * Active agents whose next run is at or before `horizon` (index: status ASC,
 * nextRunAt ASC). Reads grow with the number due, not with the number of agents.
 */
export function listDueAgents(store: StoreReader, horizon: Date, limit: number) {
  return store.query<AgentDoc>(dueAgentsQuery(horizon, limit));
}

const dueAgentsQuery = (horizon: Date, limit: number): QuerySpec => ({
  collection: 'agents',
  where: [
    ['status', '==', 'active'],
    ['nextRunAt', '<=', horizon.toISOString()],
  ],
  orderBy: [['nextRunAt', 'asc']],
  limit,
});

/** Unfinished executions past their `staleAfter` (single-field index on staleAfter). */
export function listStaleExecutions(store: StoreReader, now: Date, limit: number) {
  return store.query<ExecutionDoc>(staleExecutionsQuery(now, limit));
}

const staleExecutionsQuery = (now: Date, limit: number): QuerySpec => ({
  collection: 'executions',
  where: [['staleAfter', '<=', now.toISOString()]],
  orderBy: [['staleAfter', 'asc']],
  limit,
});

/** The queries this store runs, for the index check (test/indexes.test.ts). */
export const RUN_STORE_QUERIES: readonly QuerySpec[] = [
  agentExecutionsQuery('sample-agent', 20),
  queuedScheduledQuery('sample-agent'),
  dueAgentsQuery(new Date(0), 500),
  staleExecutionsQuery(new Date(0), 200),
];
