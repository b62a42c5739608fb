/**
 * Token usage as documents store it (an execution's, a chat reply's): every count
 * defaults to 0, since documents written before a count existed lack it. Built on
 * its first parse, not when a function loads (docs/scaling.md, "Cold starts").
 */
import * as z from '../zod';

export const StoredUsageSchema = z.lazy(() =>
  z.object({
    input: z._default(z.number(), 0),
    output: z._default(z.number(), 0),
    cacheRead: z._default(z.number(), 0),
    cacheWrite: z._default(z.number(), 0),
    webSearches: z._default(z.number(), 0),
    codeExecutionSeconds: z._default(z.number(), 0),
  }),
);
