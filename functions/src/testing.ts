/**
 * Internals that the integration tests (test/) and the benchmarks (bench/)
 * drive directly, named here so they import the functions by package name.
 * Production code never imports this module.
 */
export { agentRoutes } from './agents/routes';
export { createAgent, listAgents, updateAgent } from './agents/service';
export { chatRoutes } from './chat/routes';
export { TURN_LEASE_MS } from './chat/turn-lease';
export { httpFunction } from './http/router';
export { modelClient } from './model/client';
export { backfillUnqueued } from './runs/backfill-unqueued';
export { claimExecution } from './runs/claim';
export { enqueueManualRun, enqueueScheduledRun, enqueueTestRun } from './runs/enqueue';
export { scheduledExecutionId } from './runs/ids';
export { sweep } from './runs/sweeper';
export { runTask } from './runs/worker';
export { adapters } from './shared/factory';
export { listUnqueuedAgents } from './store/agents';
export { executions } from './store/executions';
export { ALL_STORE_QUERIES } from './store/queries';

import { type AppCheck, appCheckRefused } from '@agent-platform/core/ports';

/** For tests and benchmarks that never turn App Check on: any token is refused, were one checked. */
export const noAppCheck: AppCheck = {
  verifyToken: async () => {
    throw appCheckRefused();
  },
};
export { restoreVersion } from './agents/versions';
export { listRunPage } from './runs/history';
