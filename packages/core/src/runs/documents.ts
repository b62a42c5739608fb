/**
 * The converter the store reads `executions/{id}` through: shapes checked, and
 * fields that documents written by earlier versions lack filled in.
 */

import { DeliveryRecordSchema } from '../agent/deliveries';
import { ENGINES, TOOLS } from '../agent/schema';
import { ZERO_USAGE } from '../model/usage';
import { StoredUsageSchema } from '../model/usage-schema';
import * as z from '../zod';
import type { ExecutionEvent } from './events';
import { EXECUTION_STATUSES, type ExecutionDoc, TRIGGERS } from './types';

// Built on their first parse (z.lazy), not when a function loads (docs/scaling.md, "Cold starts").
const Event = z.lazy(
  () =>
    z.object({
      at: z.string(),
      type: z.string(),
      message: z.string(),
      code: z.optional(z.string()),
      params: z.optional(z.record(z.string(), z.union([z.string(), z.number()]))),
    }) as z.ZodMiniType<ExecutionEvent>,
);

export const ExecutionDocSchema = z.lazy(() =>
  z.object({
    userId: z.string(),
    agentId: z._default(z.nullable(z.string()), null),
    trigger: z.enum(TRIGGERS),
    scheduledFor: z.string(),
    startTime: z._default(z.nullable(z.string()), null),
    endTime: z._default(z.nullable(z.string()), null),
    status: z.enum(EXECUTION_STATUSES),
    result: z._default(z.nullable(z.string()), null),
    error: z._default(z.nullable(z.string()), null),
    events: z._default(z.array(Event), []),
    tokenUsage: z._default(StoredUsageSchema, { ...ZERO_USAGE }),
    costUsd: z._default(z.number(), 0),
    model: z._default(z.nullable(z.string()), null),
    attempt: z._default(z.number(), 0),
    skippedRuns: z._default(z.number(), 0),
    draft: z._default(
      z.nullable(
        z.object({
          name: z.string(),
          finalAgentPrompt: z.string(),
          tools: z.array(z.enum(TOOLS)),
          model: z.string(),
          engine: z.optional(z.enum(ENGINES)),
        }),
      ),
      null,
    ),
    conversationId: z._default(z.nullable(z.string()), null),
    leaseId: z._default(z.nullable(z.string()), null),
    leaseUntil: z._default(z.nullable(z.string()), null),
    staleAfter: z._default(z.nullable(z.string()), null),
    requeues: z._default(z.number(), 0),
    deliveries: z._default(z.array(DeliveryRecordSchema), []),
    createdAt: z._default(z.string(), ''),
    artifacts: z._default(z.array(z.object({ name: z.string(), bytes: z.number(), contentType: z.string() })), []),
  }),
) satisfies z.ZodMiniType<ExecutionDoc, unknown>;
