/**
 * The worker's door to the workspace engine: the attempt's settings from the
 * configuration (time limit within the run's own, the spending ceiling from
 * worst-case.ts), the runner and artifact store from the adapters.
 */
import { FailedPreconditionError } from '@agent-platform/core/errors';
import type { Adapters } from '../../shared/factory';
import type { Progress } from '../model-loop';
import { runWorkspace, type WorkspaceMeter, type WorkspaceOutcome, type WorkspaceRequest } from './engine';
import { workspaceTimeoutSeconds, workspaceWorstCaseUsd } from './worst-case';

export async function runWorkspaceAttempt(
  deps: Adapters,
  req: Omit<WorkspaceRequest, 'timeoutSeconds' | 'maxTurns' | 'maxBudgetUsd'>,
  meter: WorkspaceMeter,
  progress: Progress,
): Promise<WorkspaceOutcome> {
  const { workspace, artifacts } = deps;
  if (!workspace || !artifacts) {
    throw new FailedPreconditionError('Workspace runs are not set up on this deployment (no runner or file store).');
  }
  const timeoutSeconds = workspaceTimeoutSeconds(deps.config);
  return runWorkspace(
    workspace,
    artifacts,
    {
      ...req,
      timeoutSeconds,
      maxTurns: deps.config.workspace.maxTurns,
      maxBudgetUsd: workspaceWorstCaseUsd(deps.config, req.model, timeoutSeconds),
    },
    meter,
    progress,
  );
}
