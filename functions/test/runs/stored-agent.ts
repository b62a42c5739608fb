/** An agent document as the store holds it, for tests that write agents directly (sweeper, backfill). */
import type { AgentDoc, Schedule } from '@agent-platform/core/agent';

export const NOW = '2026-11-23T08:00:00.000Z';
export const hourly: Schedule = { frequency: 'hourly', time: '00:00', timezone: 'UTC' };

/** An hourly agent of user u1, created at NOW, with its next run at `nextRunAt`; `extra` overrides any field. */
export function storedAgent(nextRunAt: string | null, extra: Partial<AgentDoc> = {}): Record<string, unknown> {
  const doc: Omit<AgentDoc, 'unqueuedRunAt'> & Partial<Pick<AgentDoc, 'unqueuedRunAt'>> = {
    userId: 'u1',
    name: 'A',
    description: '',
    finalAgentPrompt: 'Report.',
    tools: [],
    model: 'claude-sonnet-5-5',
    schedule: hourly,
    status: 'active',
    nextRunAt,
    lastRun: null,
    totalTokenUsage: { input: 0, output: 0 },
    costUsd: 0,
    runCount: 0,
    conversationId: null,
    deliveries: [],
    monthlyBudgetUsd: null,
    blockedBy: null,
    createdAt: NOW,
    updatedAt: NOW,
    ...extra,
  };
  return doc as unknown as Record<string, unknown>;
}
