/**
 * `executions/{id}`: every path, field and query of runs. Indexes:
 * firestore.indexes.json (checked by test/indexes.test.ts against
 * `EXECUTION_QUERIES`).
 */
import { ZERO_USAGE } from '@agent-platform/core/model';
import type { QuerySpec, StoreReader } from '@agent-platform/core/ports';
import {
  type ExecutionDoc,
  ExecutionDocSchema,
  type ExecutionEvent,
  type RunDraft,
  type Trigger,
} from '@agent-platform/core/runs';
import { Collection, type Doc } from './collection';

export const executions = new Collection<ExecutionDoc>('executions', ExecutionDocSchema);

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
    deliveries: [],
    artifacts: [],
    createdAt: input.now.toISOString(),
  };
}

/** An agent's runs, newest first (index: agentId ASC, scheduledFor DESC). */
const ofAgent = (agentId: string, limit: number) => ({
  where: [['agentId', '==', agentId]] as const,
  orderBy: [['scheduledFor', 'desc']] as const,
  limit,
});

/** An agent's scheduled runs still waiting in the queue (equalities only: automatic indexes). */
const queuedScheduled = (agentId: string) => ({
  where: [
    ['agentId', '==', agentId],
    ['trigger', '==', 'schedule'],
    ['status', '==', 'queued'],
  ] as const,
});

/** Unfinished executions past their `staleAfter` (single-field index on staleAfter). */
const stale = (now: Date, limit: number) => ({
  where: [['staleAfter', '<=', now.toISOString()]] as const,
  orderBy: [['staleAfter', 'asc']] as const,
  limit,
});

export function listAgentExecutions(reader: StoreReader, agentId: string, limit: number): Promise<Doc<ExecutionDoc>[]> {
  return executions.query(reader, ofAgent(agentId, limit));
}

export function listQueuedScheduledRuns(reader: StoreReader, agentId: string): Promise<Doc<ExecutionDoc>[]> {
  return executions.query(reader, queuedScheduled(agentId));
}

export function listStaleExecutions(reader: StoreReader, now: Date, limit: number): Promise<Doc<ExecutionDoc>[]> {
  return executions.query(reader, stale(now, limit));
}

/** The queries this module runs, for the index check. */
export const EXECUTION_QUERIES: readonly QuerySpec[] = [
  executions.spec(ofAgent('sample-agent', 20)),
  executions.spec(queuedScheduled('sample-agent')),
  executions.spec(stale(new Date(0), 200)),
];
