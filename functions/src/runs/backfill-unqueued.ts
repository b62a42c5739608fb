/**
 * The one-off backfill of `unqueuedRunAt` (runs/unqueued.ts) for a deployment whose
 * agents were saved before the mark existed. Such an agent has no field at all, so
 * the sweeper's query (`unqueuedRunAt <= horizon`) never returns it: if its run's
 * queueing ever fails, nothing queues it again. The backfill gives every agent
 * without the field the mark `unqueuedMark` would have written, unless its run
 * has its execution already:
 *
 * - an active agent with a `nextRunAt` whose run has no execution, or one that
 *   finished without the agent moving on: `unqueuedRunAt = nextRunAt`, so the
 *   sweeper queues the run (or moves the agent on) once it is within the lookahead;
 * - the same with its run's execution queued or running: null. It is queued
 *   already, and a task lost since is the stale sweep's to find; a mark would make
 *   the sweeper try to create that execution again, which fails its whole batch of
 *   100 and sends it down the one-by-one path (harmless, but wasted);
 * - any other agent (paused, draft, no `nextRunAt`): null, as `unqueuedMark` writes.
 *
 * Firestore cannot query for a missing field, so it reads every agent once, oldest
 * first, in pages after a cursor. Each agent without the field is decided and
 * written in its own transaction that reads it again (and its run's execution):
 * an agent saved meanwhile has the field, and keeps its own mark. Idempotent:
 * once every agent has the field, a run writes nothing.
 *
 * Cost, once: one read per agent (the scan); an agent without the field adds two
 * reads (the agent again, its run's execution; one for an agent with nothing to
 * run) and one write. `scripts/backfill-unqueued.mjs` runs it against production.
 */
import type { AgentDoc } from '@agent-platform/core/agent';
import type { Store, Transaction } from '@agent-platform/core/ports';
import { agents, getAgentForBackfill, listAgentsForBackfill } from '../store/agents';
import type { Doc } from '../store/collection';
import { executions } from '../store/executions';
import { scheduledExecutionId } from './ids';
import { unqueuedMark } from './unqueued';

/** Agents read per page of the scan. */
export const BACKFILL_PAGE = 200;
/** Agents decided at once within a page. */
const CONCURRENCY = 8;

export interface BackfillReport {
  /** Agents read by the scan. */
  scanned: number;
  /** Given `unqueuedRunAt = nextRunAt`: the sweeper can now find their run. */
  marked: number;
  /** Active, with their run's execution queued or running already: given null. */
  alreadyQueued: number;
  /** Nothing to run (paused, draft, no `nextRunAt`): given null, as `unqueuedMark` writes. */
  cleared: number;
  /** Left alone: the field was there (saved since the mark exists, or a previous backfill), or not an agent's shape. */
  skipped: number;
}

export interface BackfillOptions {
  /** Decides and counts, writes nothing. */
  dryRun?: boolean;
  pageSize?: number;
  /** Called after each page with the counts so far. */
  onPage?: (report: BackfillReport) => void;
  /** Called for each agent left alone because it does not parse as an agent. */
  onUnreadable?: (agentId: string) => void;
}

type Outcome = 'marked' | 'alreadyQueued' | 'cleared' | 'skipped';

/** Pages through every agent and gives each one without `unqueuedRunAt` its mark. */
export async function backfillUnqueued(deps: { store: Store }, options: BackfillOptions = {}): Promise<BackfillReport> {
  const report: BackfillReport = { scanned: 0, marked: 0, alreadyQueued: 0, cleared: 0, skipped: 0 };
  const pageSize = options.pageSize ?? BACKFILL_PAGE;
  let after: { createdAt: unknown; id: string } | undefined;
  for (;;) {
    const page = await listAgentsForBackfill(deps.store, pageSize, after);
    report.scanned += page.length;
    const outcomes = await mapLimit(page, CONCURRENCY, async (read): Promise<Outcome> => {
      if (read.hasMark) return 'skipped';
      if (!read.agent) {
        options.onUnreadable?.(read.id);
        return 'skipped';
      }
      return backfillAgent(deps.store, read.id, options.dryRun ?? false);
    });
    for (const outcome of outcomes) report[outcome]++;
    options.onPage?.({ ...report });
    const last = page.at(-1);
    if (!last || page.length < pageSize) return report;
    after = { createdAt: last.createdAt, id: last.id };
  }
}

/** In one transaction: reads the agent again and, if it still has no mark, writes the one it should have. */
function backfillAgent(store: Store, id: string, dryRun: boolean): Promise<Outcome> {
  return store.runTransaction(async (tx) => {
    const read = await getAgentForBackfill(tx, id);
    // Saved (or backfilled) since the scan read it: its own mark stands.
    if (!read?.agent || read.hasMark) return 'skipped';
    const { mark, outcome } = await decide(tx, read.agent);
    if (!dryRun) agents.update(tx, id, { unqueuedRunAt: mark });
    return outcome;
  });
}

/** The mark `agent` should have: `unqueuedMark`'s, or null when its run has its execution already. */
async function decide(
  tx: Transaction,
  agent: Doc<AgentDoc>,
): Promise<{ mark: string | null; outcome: Exclude<Outcome, 'skipped'> }> {
  const { unqueuedRunAt } = unqueuedMark(agent.data.status, agent.data.nextRunAt);
  if (!unqueuedRunAt) return { mark: null, outcome: 'cleared' };
  // Read in the transaction, so an enqueue creating it meanwhile makes this run again and see it.
  const existing = await executions.get(tx, scheduledExecutionId(agent.id, unqueuedRunAt));
  const status = existing?.data.status;
  if (status === 'queued' || status === 'running') return { mark: null, outcome: 'alreadyQueued' };
  return { mark: unqueuedRunAt, outcome: 'marked' };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
