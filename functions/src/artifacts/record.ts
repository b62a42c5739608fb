/**
 * Writing the files a run kept onto its execution, by the delivery that still
 * holds the run's lease (as every write of a running execution is), before the
 * outcome: a run that fails after making files still lists them.
 */
import type { ArtifactJson } from '@agent-platform/core/runs';
import type { Adapters } from '../shared/factory';
import { executions } from '../store/executions';

export async function recordArtifacts(
  deps: Pick<Adapters, 'store'>,
  executionId: string,
  leaseId: string,
  artifacts: ArtifactJson[],
): Promise<void> {
  if (artifacts.length === 0) return;
  await deps.store.runTransaction(async (tx) => {
    const found = await executions.get(tx, executionId);
    if (found?.data.status !== 'running' || found.data.leaseId !== leaseId) return;
    executions.update(tx, executionId, { artifacts });
  });
}
