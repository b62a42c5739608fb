/**
 * The worker's door to the workspace engine: the attempt's settings from the
 * configuration (time limit within the run's own, the spending limit from what
 * the claim held, worst-case.ts), the runner and artifact store from the adapters.
 */
import { FailedPreconditionError } from '@agent-platform/core/errors';
import type { Adapters } from '../../shared/factory';
import type { Progress } from '../model-loop';
import { runWorkspace, type WorkspaceMeter, type WorkspaceOutcome, type WorkspaceRequest } from './engine';
import { sessionBudgetUsd, workspaceTimeoutSeconds } from './worst-case';

export async function runWorkspaceAttempt(
  deps: Adapters,
  req: Omit<WorkspaceRequest, 'timeoutSeconds' | 'maxTurns' | 'maxBudgetUsd' | 'maxOutputTokens'> & {
    /** What the claim held for this attempt (claim.ts). */
    heldUsd: number;
  },
  meter: WorkspaceMeter,
  progress: Progress,
): Promise<WorkspaceOutcome> {
  const { workspace, artifacts } = deps;
  if (!workspace || !artifacts) {
    throw new FailedPreconditionError('Workspace runs are not set up on this deployment (no runner or file store).');
  }
  const { heldUsd, ...request } = req;
  // The claim never holds less than a session needs (run-holds.ts fitWorkspaceAsk), so this is a bug when it happens.
  const timeoutSeconds = workspaceTimeoutSeconds(deps.config);
  const maxBudgetUsd = sessionBudgetUsd(deps.config, req.model, heldUsd, timeoutSeconds);
  if (maxBudgetUsd === null)
    throw new Error(`A workspace attempt was claimed with $${heldUsd} held: too little for a session.`);
  return runWorkspace(
    workspace,
    artifacts,
    {
      ...request,
      timeoutSeconds,
      maxTurns: deps.config.workspace.maxTurns,
      maxBudgetUsd,
      maxOutputTokens: deps.config.run.maxOutputTokens,
    },
    meter,
    progress,
  );
}
