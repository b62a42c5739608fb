/**
 * The mark of an agent whose next run has no execution (and so no task) yet:
 * `unqueuedRunAt` holds that run's time. Every write that sets `nextRunAt` sets
 * the mark with it (`unqueuedMark`), and the transaction that creates the run's
 * execution clears it (`clearUnqueued`). The sweeper's query
 * (store/agents.ts `listUnqueuedAgents`) therefore returns only agents that
 * still need something: a tick with nothing to do reads one empty query,
 * however many agents there are, and a newly due agent costs the one read that
 * finds it.
 */
import type { AgentDoc } from '@agent-platform/core/agent';
import type { Transaction } from '@agent-platform/core/ports';
import { agents } from '../store/agents';
import type { Doc } from '../store/collection';

/** The mark to write with a new `nextRunAt`: only an active agent's run waits for a task. */
export function unqueuedMark(status: string, nextRunAt: string | null): { unqueuedRunAt: string | null } {
  return { unqueuedRunAt: status === 'active' ? nextRunAt : null };
}

/** In a transaction that read `agent`: clears its mark if the mark is for the run at `scheduledFor`. */
export function clearUnqueued(tx: Transaction, agent: Doc<AgentDoc> | null, scheduledFor: Date): void {
  const mark = agent?.data.unqueuedRunAt;
  if (agent && mark && Date.parse(mark) === scheduledFor.getTime())
    agents.update(tx, agent.id, { unqueuedRunAt: null });
}
