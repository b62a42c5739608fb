/**
 * `platform/spend`: what all users together spent per month and the holds of
 * calls under way, for the optional platform-wide budget
 * (`PLATFORM_MONTHLY_BUDGET_USD`). Read and written only when that budget is
 * set; no client may read it (firestore.rules denies what it does not allow).
 */
import { HoldSchema } from '@agent-platform/core/usage';
import { z } from 'zod';
import { Collection } from './collection';

export const PlatformSpendSchema = z.object({
  usage: z.record(z.string(), z.object({ costUsd: z.number().default(0) })).default({}),
  holds: z.record(z.string(), HoldSchema).default({}),
});
export type PlatformSpend = z.output<typeof PlatformSpendSchema>;

export const platform = new Collection<PlatformSpend>('platform', PlatformSpendSchema);

/** The one document of the platform's spend. */
export const PLATFORM_SPEND_ID = 'spend';
