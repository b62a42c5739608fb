/** One delivery's record on its execution (`deliveries[index]`), changed in a transaction. */
import type { DeliveryRecord } from '@agent-platform/core/agent';
import type { Adapters } from '../shared/factory';
import { executions } from '../store/executions';

/**
 * Changes one delivery record in a transaction; `change` sees the stored record
 * and returns the new one (or the same to leave it). Returns what was stored
 * before, or null when the execution or record is gone.
 */
export async function markDelivery(
  deps: Pick<Adapters, 'store'>,
  executionId: string,
  index: number,
  change: (record: DeliveryRecord) => DeliveryRecord,
): Promise<DeliveryRecord | null> {
  return deps.store.runTransaction(async (tx) => {
    const exec = await executions.get(tx, executionId);
    const record = exec?.data.deliveries[index];
    if (!exec || !record) return null;
    const next = change(record);
    if (next !== record) {
      const deliveries = exec.data.deliveries.map((r, i) => (i === index ? next : r));
      executions.update(tx, executionId, { deliveries });
    }
    return record;
  });
}
