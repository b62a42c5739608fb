/**
 * The converters the store reads chat documents through: shapes checked, and
 * fields that documents written by earlier versions lack filled in, so code
 * past the store never guesses defaults. Message parts are checked by their
 * `type`; their data is the store's own writing and is taken as written.
 */

import { LOCALES } from '../locale';
import * as z from '../zod';
import type { ConversationDoc, MessageDoc, MessagePart } from './types';

// Built on their first parse (z.lazy), not when a function loads (docs/scaling.md, "Cold starts").
const Usage = z.lazy(() =>
  z.object({
    input: z._default(z.number(), 0),
    output: z._default(z.number(), 0),
    cacheRead: z._default(z.number(), 0),
    cacheWrite: z._default(z.number(), 0),
    webSearches: z._default(z.number(), 0),
    codeExecutionSeconds: z._default(z.number(), 0),
  }),
);
const ZERO = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, webSearches: 0, codeExecutionSeconds: 0 };

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
    tokenUsage: z._default(z.nullable(Usage), null),
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
    tokenUsage: z._default(Usage, ZERO),
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
