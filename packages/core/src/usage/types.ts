/**
 * A user's own document, `users/{uid}`: usage per calendar month (UTC) and an
 * optional budget override. The web app reads it live for the usage page.
 */
import { z } from 'zod';

const MonthUsageSchema = z.object({
  input: z.number().default(0),
  output: z.number().default(0),
  costUsd: z.number().default(0),
});
export type MonthUsage = z.output<typeof MonthUsageSchema>;

/** The converter the store reads `users/{uid}` through. */
export const UserDocSchema = z.object({
  userId: z.string(),
  /** Keyed by month, `2026-11`. */
  usage: z.record(z.string(), MonthUsageSchema).default({}),
  /** A per-user budget in tokens that overrides the deployment's default. */
  budget: z.number().nullable().default(null),
  createdAt: z.string().default(''),
  /** Set on a guest whose data was merged into another account: where it went, and when. */
  mergedInto: z.string().optional(),
  mergedAt: z.string().optional(),
});
export type UserDoc = z.output<typeof UserDocSchema>;

/** The usage month of an instant: `YYYY-MM` in UTC. */
export function monthKey(at: Date): string {
  return at.toISOString().slice(0, 7);
}

/** The first instant of the next month (UTC), when a spent budget comes back. */
export function nextMonthStart(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1));
}
