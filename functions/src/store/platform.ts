/**
 * `platform/spend`: what all users together spent per month and the holds of
 * calls under way, for the optional platform-wide budget
 * (`PLATFORM_MONTHLY_BUDGET_USD`). Read and written only when that budget is
 * set; no client may read it (firestore.rules denies what it does not allow).
 */
import { HoldSchema } from '@agent-platform/core/usage';
import * as z from '@agent-platform/core/zod';
import { Collection } from './collection';

// Built on its first parse (z.lazy), not when a function loads (docs/scaling.md, "Cold starts").
export const PlatformSpendSchema = z.lazy(() =>
  z.object({
    usage: z._default(z.record(z.string(), z.object({ costUsd: z._default(z.number(), 0) })), {}),
    holds: z._default(z.record(z.string(), HoldSchema), {}),
  }),
);
export type PlatformSpend = z.output<typeof PlatformSpendSchema>;

export const platform = new Collection<PlatformSpend>('platform', PlatformSpendSchema);

/** The one document of the platform's spend. */
export const PLATFORM_SPEND_ID = 'spend';
