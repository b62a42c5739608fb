/**
 * `tick`, the Pub/Sub CloudEvent target of the every-minute Cloud Scheduler
 * job: the sweeper. It never throws: a failed tick is logged and the next one,
 * a minute later, catches up (the trigger is deployed without retries).
 */
import type { CloudEvent } from '@google-cloud/functions-framework';
import { installRequestEdge } from '../http/request-edge';
import { type SweepReport, sweep } from '../runs/sweeper';
import { adapters } from '../shared/factory';
import { log } from '../shared/log';

installRequestEdge();

/** Runs one sweep; null when it failed (logged). */
export async function runTick(): Promise<SweepReport | null> {
  try {
    return await sweep(adapters());
  } catch (err) {
    log.error('tick failed; the next tick will catch up', { err });
    return null;
  }
}

/**
 * Returns `{enqueued, …}` (the sweep's report): the Functions Framework sends a
 * CloudEvent function's return value as the response body, which the local
 * stack's `POST /__local/tick` relays.
 */
export async function tick(_event: CloudEvent<unknown>): Promise<SweepReport | { enqueued: 0 }> {
  return (await runTick()) ?? { enqueued: 0 };
}
