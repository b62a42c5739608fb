/**
 * The converter the store reads `executions/{id}` through: shapes checked, and
 * fields that documents written by earlier versions lack filled in.
 */
import { z } from 'zod';
import { DeliveryRecordSchema } from '../agent/deliveries';
import { ENGINES, TOOLS } from '../agent/schema';
import type { ExecutionEvent } from './events';
import { EXECUTION_STATUSES, type ExecutionDoc, TRIGGERS } from './types';

const Event = z.object({
  at: z.string(),
  type: z.string(),
  message: z.string(),
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
}) as z.ZodType<ExecutionEvent>;

export const ExecutionDocSchema = z.object({
  userId: z.string(),
  agentId: z.string().nullable().default(null),
  trigger: z.enum(TRIGGERS),
  scheduledFor: z.string(),
  startTime: z.string().nullable().default(null),
  endTime: z.string().nullable().default(null),
  status: z.enum(EXECUTION_STATUSES),
  result: z.string().nullable().default(null),
  error: z.string().nullable().default(null),
  events: z.array(Event).default([]),
  tokenUsage: z
    .object({
      input: z.number().default(0),
      output: z.number().default(0),
      cacheRead: z.number().default(0),
      cacheWrite: z.number().default(0),
      webSearches: z.number().default(0),
      codeExecutionSeconds: z.number().default(0),
    })
    .default({ input: 0, output: 0, cacheRead: 0, cacheWrite: 0, webSearches: 0, codeExecutionSeconds: 0 }),
  costUsd: z.number().default(0),
  model: z.string().nullable().default(null),
  attempt: z.number().default(0),
  skippedRuns: z.number().default(0),
  draft: z
    .object({
      name: z.string(),
      finalAgentPrompt: z.string(),
      tools: z.array(z.enum(TOOLS)),
      model: z.string(),
      engine: z.enum(ENGINES).optional(),
    })
    .nullable()
    .default(null),
  conversationId: z.string().nullable().default(null),
  leaseId: z.string().nullable().default(null),
  leaseUntil: z.string().nullable().default(null),
  staleAfter: z.string().nullable().default(null),
  requeues: z.number().default(0),
  deliveries: z.array(DeliveryRecordSchema).default([]),
  createdAt: z.string().default(''),
  artifacts: z.array(z.object({ name: z.string(), bytes: z.number(), contentType: z.string() })).default([]),
}) satisfies z.ZodType<ExecutionDoc, unknown>;
