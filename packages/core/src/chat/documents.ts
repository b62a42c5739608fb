/**
 * The converters the store reads chat documents through: shapes checked, and
 * fields that documents written by earlier versions lack filled in, so code
 * past the store never guesses defaults. Message parts are checked by their
 * `type`; their data is the store's own writing and is taken as written.
 */
import { z } from 'zod';
import { LOCALES } from '../locale';
import type { ConversationDoc, MessageDoc, MessagePart } from './types';

const Usage = z.object({
  input: z.number().default(0),
  output: z.number().default(0),
  cacheRead: z.number().default(0),
  cacheWrite: z.number().default(0),
  webSearches: z.number().default(0),
  codeExecutionSeconds: z.number().default(0),
});
const ZERO = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, webSearches: 0, codeExecutionSeconds: 0 };

const Part = z.custom<MessagePart>(
  (p) => typeof p === 'object' && p !== null && typeof (p as { type?: unknown }).type === 'string',
);

export const MessageDocSchema = z.object({
  userId: z.string(),
  role: z.enum(['user', 'assistant']),
  content: z.string().default(''),
  parts: z.array(Part).default([]),
  tokenUsage: Usage.nullable().default(null),
  state: z.enum(['streaming', 'complete', 'error']).default('complete'),
  leaseUntil: z.string().nullable().optional(),
  workerId: z.string().nullable().optional(),
  timestamp: z.string(),
}) satisfies z.ZodType<MessageDoc, unknown>;

export const ConversationDocSchema = z.object({
  userId: z.string(),
  agentId: z.string().nullable().default(null),
  title: z.string().default(''),
  // The draft passed the agent schema when it was stored; it is read as written.
  draft: z.custom<ConversationDoc['draft']>().default(null),
  timezone: z.string().nullable().default(null),
  locale: z.enum(LOCALES).default('en'),
  tokenUsage: Usage.default(ZERO),
  costUsd: z.number().default(0),
  lastTestRun: z.object({ executionId: z.string(), draftKey: z.string(), at: z.string() }).nullable().default(null),
  turnLeaseUntil: z.string().nullable().default(null),
  turnMessageId: z.string().nullable().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
}) satisfies z.ZodType<ConversationDoc, unknown>;
