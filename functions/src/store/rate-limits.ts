/**
 * The per-user request logs behind the sliding-window limits
 * (usage/rate-limit.ts): one small document per user and limit, holding the
 * times of their requests within the last minute.
 */
import * as z from '@agent-platform/core/zod';
import { Collection } from './collection';

// Built on its first parse (z.lazy), not when a function loads (docs/scaling.md, "Cold starts").
const RequestLogSchema = z.lazy(() =>
  z.object({
    userId: z.string(),
    /** ISO times of the requests within the window, oldest first. */
    times: z._default(z.array(z.string()), []),
  }),
);
export type RequestLog = z.output<typeof RequestLogSchema>;

/** Chat turns a user started (`chatTurnLogs/{uid}`). */
export const chatTurnLogs = new Collection<RequestLog>('chatTurnLogs', RequestLogSchema);
/** Runs a user started by hand: run now and test runs (`runNowLogs/{uid}`). */
export const runNowLogs = new Collection<RequestLog>('runNowLogs', RequestLogSchema);
