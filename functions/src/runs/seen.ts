/**
 * The dashboard's "new" marker (docs/api.md "Latest results"): a finished run
 * is new until its owner has seen it. Seeing one run, or marking every result
 * seen, changes one small document per user (`resultViews/{uid}`), which the web
 * app reads live.
 */
import { AppError } from '@agent-platform/core/errors';
import { withSeen } from '@agent-platform/core/runs';
import type { Adapters } from '../shared/factory';
import { executions } from '../store/executions';
import { resultViews } from '../store/result-views';

/** `POST /api/executions/{id}/seen`: the caller has seen this finished run of theirs. */
export async function markRunSeen(
  deps: Pick<Adapters, 'store' | 'now'>,
  uid: string,
  executionId: string,
): Promise<void> {
  const run = executions.isId(executionId) ? await executions.get(deps.store, executionId) : null;
  if (!run || run.data.userId !== uid) {
    throw new AppError('not_found', 'The run was not found.', {
      retryable: false,
      ko: '실행 기록을 찾을 수 없습니다.',
    });
  }
  const endTime = run.data.endTime;
  if (!endTime || (run.data.status !== 'success' && run.data.status !== 'failed')) {
    throw new AppError('conflict', 'The run has not finished yet: there is no result to mark as seen.', {
      retryable: false,
      ko: '아직 끝나지 않은 실행이라 확인 표시를 할 결과가 없습니다.',
    });
  }
  await deps.store.runTransaction(async (tx) => {
    const current = await resultViews.get(tx, uid);
    const views = current?.data ?? { since: null, seen: [] };
    const next = withSeen(views, { id: run.id, endTime });
    resultViews.set(tx, uid, { userId: uid, ...next, updatedAt: deps.now().toISOString() });
  });
}

/** `POST /api/results/seen`: every result that has ended so far is seen. */
export async function markAllResultsSeen(deps: Pick<Adapters, 'store' | 'now'>, uid: string): Promise<void> {
  const at = deps.now().toISOString();
  await resultViews.set(deps.store, uid, { userId: uid, since: at, seen: [], updatedAt: at });
}
