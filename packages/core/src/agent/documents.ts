/**
 * The agent as Firestore stores it (`agents/{agentId}`) and as the API answers
 * it. The web app reads the same documents live, so these are its types too.
 * Every time is an ISO-8601 UTC string (docs/decisions/2026-11-22-iso-times.md).
 *
 * `AgentDocSchema` is the converter the functions read documents through: it
 * fills fields that documents written by earlier versions lack, so code past
 * the store never guesses defaults. It checks shapes, not the rules of
 * `schema.ts` (a stored cron line is not re-validated on every read).
 */

import { FREQUENCIES, type Schedule } from '../schedule/types';
import { BUDGET_NAMES } from '../usage/types';
import * as z from '../zod';
import { StoredDeliverySchema } from './deliveries';
import { ENGINES, STATUSES, TOOLS } from './schema';

// Built on their first parse (z.lazy), not when a function loads (docs/scaling.md, "Cold starts").
/**
 * A schedule as stored, read without re-checking its rules (the agent schema
 * checked them when it was saved).
 */
const StoredScheduleSchema: z.ZodMiniType<Schedule> = z.lazy(
  () =>
    z.object({
      frequency: z.enum(FREQUENCIES),
      time: z.optional(z.string()),
      daysOfWeek: z.optional(z.array(z.number())),
      dayOfMonth: z.optional(z.number()),
      cron: z.optional(z.string()),
      timezone: z._default(z.string(), 'UTC'),
    }) as z.ZodMiniType<Schedule>,
);

const RUN_STATUSES = ['queued', 'running', 'success', 'failed'] as const;

export const LastRunSchema = z.lazy(() =>
  z.object({
    executionId: z.string(),
    status: z.enum(RUN_STATUSES),
    endTime: z._default(z.nullable(z.string()), null),
  }),
);
export type LastRun = z.output<typeof LastRunSchema>;

export const AgentDocSchema = z.lazy(() =>
  z.object({
    userId: z.string(),
    name: z.string(),
    description: z._default(z.string(), ''),
    finalAgentPrompt: z.string(),
    tools: z._default(z.array(z.enum(TOOLS)), []),
    model: z.string(),
    schedule: z._default(z.nullable(StoredScheduleSchema), null),
    status: z.enum(STATUSES),
    /** Absent on agents saved before engines existed: `messages` (schema.ts `engineOf`). */
    engine: z.optional(z.enum(ENGINES)),
    nextRunAt: z._default(z.nullable(z.string()), null),
    /** `nextRunAt` while its run has no execution and task yet; null once it has (runs/unqueued.ts). */
    unqueuedRunAt: z._default(z.nullable(z.string()), null),
    lastRun: z._default(z.nullable(LastRunSchema), null),
    totalTokenUsage: z._default(z.object({ input: z._default(z.number(), 0), output: z._default(z.number(), 0) }), {
      input: 0,
      output: 0,
    }),
    costUsd: z._default(z.number(), 0),
    runCount: z._default(z.number(), 0),
    conversationId: z._default(z.nullable(z.string()), null),
    deliveries: z._default(z.array(StoredDeliverySchema), []),
    /** Dollars this agent may spend per calendar month (UTC); null for no limit of its own. */
    monthlyBudgetUsd: z._default(z.nullable(z.number()), null),
    /** The budget that last refused one of its runs; cleared when a run next gets going. */
    blockedBy: z._default(z.nullable(z.enum(BUDGET_NAMES)), null),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);

/** `agents/{agentId}`. */
export type AgentDoc = z.output<typeof AgentDocSchema>;

/** The API's agent JSON: the document with its `id`, without `userId`. */
export type Agent = { id: string } & Omit<AgentDoc, 'userId' | 'unqueuedRunAt'>;
