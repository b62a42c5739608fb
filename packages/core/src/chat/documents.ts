/**
 * The converters the store reads chat documents through: shapes checked, and
 * fields that documents written by earlier versions lack filled in, so code
 * past the store never guesses defaults. Message parts are checked by their
 * `type`; their data is the store's own writing and is taken as written.
 */

import { LOCALES } from '../locale';
import { ZERO_USAGE } from '../model/usage';
import { StoredUsageSchema } from '../model/usage-schema';
import * as z from '../zod';
import type { ConversationDoc, MessageDoc, MessagePart } from './types';

// Built on their first parse (z.lazy), not when a function loads (docs/scaling.md, "Cold starts").
const Part = z.lazy(() =>
  z.custom<MessagePart>(
    (p) => typeof p === 'object' && p !== null && typeof (p as { type?: unknown }).type === 'string',
  ),
);

export const MessageDocSchema = z.lazy(() =>
  z.object({
    userId: z.string(),
    role: z.enum(['user', 'assistant']),
    content: z._default(z.string(), ''),
    parts: z._default(z.array(Part), []),
    tokenUsage: z._default(z.nullable(StoredUsageSchema), null),
    state: z._default(z.enum(['streaming', 'complete', 'error']), 'complete'),
    leaseUntil: z.optional(z.nullable(z.string())),
    workerId: z.optional(z.nullable(z.string())),
    timestamp: z.string(),
  }),
) satisfies z.ZodMiniType<MessageDoc, unknown>;

export const ConversationDocSchema = z.lazy(() =>
  z.object({
    userId: z.string(),
    agentId: z._default(z.nullable(z.string()), null),
    title: z._default(z.string(), ''),
    // The draft passed the agent schema when it was stored; it is read as written.
    draft: z._default(z.custom<ConversationDoc['draft']>(), null),
    timezone: z._default(z.nullable(z.string()), null),
    locale: z._default(z.enum(LOCALES), 'en'),
    tokenUsage: z._default(StoredUsageSchema, { ...ZERO_USAGE }),
    costUsd: z._default(z.number(), 0),
    lastTestRun: z._default(
      z.nullable(z.object({ executionId: z.string(), draftKey: z.string(), at: z.string() })),
      null,
    ),
    turnLeaseUntil: z._default(z.nullable(z.string()), null),
    turnMessageId: z.optional(z.nullable(z.string())),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
) satisfies z.ZodMiniType<ConversationDoc, unknown>;
