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
import { z } from 'zod';
import { FREQUENCIES, type Schedule } from '../schedule/types';
import { BUDGET_NAMES } from '../usage/types';
import { StoredDeliverySchema } from './deliveries';
import { ENGINES, STATUSES, TOOLS } from './schema';

/**
 * A schedule as stored, read without re-checking its rules (the agent schema
 * checked them when it was saved).
 */
const StoredScheduleSchema: z.ZodType<Schedule> = z.object({
  frequency: z.enum(FREQUENCIES),
  time: z.string().optional(),
  daysOfWeek: z.array(z.number()).optional(),
  dayOfMonth: z.number().optional(),
  cron: z.string().optional(),
  timezone: z.string().default('UTC'),
}) as z.ZodType<Schedule>;

const RUN_STATUSES = ['queued', 'running', 'success', 'failed'] as const;

export const LastRunSchema = z.object({
  executionId: z.string(),
  status: z.enum(RUN_STATUSES),
  endTime: z.string().nullable().default(null),
});
export type LastRun = z.output<typeof LastRunSchema>;

export const AgentDocSchema = z.object({
  userId: z.string(),
  name: z.string(),
  description: z.string().default(''),
  finalAgentPrompt: z.string(),
  tools: z.array(z.enum(TOOLS)).default([]),
  model: z.string(),
  schedule: StoredScheduleSchema.nullable().default(null),
  status: z.enum(STATUSES),
  /** Absent on agents saved before engines existed: `messages` (schema.ts `engineOf`). */
  engine: z.enum(ENGINES).optional(),
  nextRunAt: z.string().nullable().default(null),
  /** `nextRunAt` while its run has no execution and task yet; null once it has (runs/unqueued.ts). */
  unqueuedRunAt: z.string().nullable().default(null),
  lastRun: LastRunSchema.nullable().default(null),
  totalTokenUsage: z
    .object({ input: z.number().default(0), output: z.number().default(0) })
    .default({ input: 0, output: 0 }),
  costUsd: z.number().default(0),
  runCount: z.number().default(0),
  conversationId: z.string().nullable().default(null),
  deliveries: z.array(StoredDeliverySchema).default([]),
  /** Dollars this agent may spend per calendar month (UTC); null for no limit of its own. */
  monthlyBudgetUsd: z.number().nullable().default(null),
  /** The budget that last refused one of its runs; cleared when a run next gets going. */
  blockedBy: z.enum(BUDGET_NAMES).nullable().default(null),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** `agents/{agentId}`. */
export type AgentDoc = z.output<typeof AgentDocSchema>;

/** The API's agent JSON: the document with its `id`, without `userId`. */
export type Agent = { id: string } & Omit<AgentDoc, 'userId' | 'unqueuedRunAt'>;
