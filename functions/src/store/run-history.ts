/**
 * An agent's run history in pages (runs/history.ts). A page continues after
 * the last run of the one before, by the order Firestore keeps: `scheduledFor`
 * descending, then the document id descending among runs of the same instant
 * (the implicit order on `__name__` follows the last `orderBy`'s direction,
 * https://firebase.google.com/docs/firestore/query-data/order-limit-data).
 * Both queries use the index of `EXECUTION_QUERIES`' agent history, so no new
 * index is needed.
 */
import type { QuerySpec, StoreReader } from '@agent-platform/core/ports';
import type { ExecutionDoc } from '@agent-platform/core/runs';
import type { Doc } from './collection';
import { executions, listAgentExecutions } from './executions';

/** Where a page ends: the last run's instant and id. */
export interface RunPosition {
  scheduledFor: string;
  id: string;
}

/** Runs of the same instant as the position (equalities only: automatic indexes). */
const sameInstant = (agentId: string, at: string, limit: number) => ({
  where: [
    ['agentId', '==', agentId],
    ['scheduledFor', '==', at],
  ] as const,
  limit,
});

/** Runs before the position's instant, newest first (index: agentId ASC, scheduledFor DESC). */
const before = (agentId: string, at: string, limit: number) => ({
  where: [
    ['agentId', '==', agentId],
    ['scheduledFor', '<', at],
  ] as const,
  orderBy: [['scheduledFor', 'desc']] as const,
  limit,
});

// Runs that share one instant: a handful at most (one per agent and time, plus manual runs of that millisecond).
const SAME_INSTANT_MAX = 100;

/** Up to `limit` of the agent's runs after `after` (from the newest when null), in history order. */
export async function agentRunsAfter(
  reader: StoreReader,
  agentId: string,
  after: RunPosition | null,
  limit: number,
): Promise<Doc<ExecutionDoc>[]> {
  if (!after) return listAgentExecutions(reader, agentId, limit);
  const ties = (await executions.query(reader, sameInstant(agentId, after.scheduledFor, SAME_INSTANT_MAX)))
    .filter((d) => d.id < after.id)
    .sort((a, b) => (a.id < b.id ? 1 : -1));
  if (ties.length >= limit) return ties.slice(0, limit);
  const older = await executions.query(reader, before(agentId, after.scheduledFor, limit - ties.length));
  return [...ties, ...older];
}

/** The queries this module runs, for the index check. */
export const RUN_HISTORY_QUERIES: readonly QuerySpec[] = [
  executions.spec(sameInstant('sample-agent', '2026-11-22T00:00:00.000Z', SAME_INSTANT_MAX)),
  executions.spec(before('sample-agent', '2026-11-22T00:00:00.000Z', 20)),
];
