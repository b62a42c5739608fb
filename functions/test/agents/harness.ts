/**
 * Adapters for agent tests: the real local store in memory, a task queue that
 * records what it is given (and can be made to fail), and a clock the test sets.
 */

import type { RunTask, TaskQueue } from '@agent-platform/core/ports';
import { SqliteStore } from '@agent-platform/local/sqlite-store';
import { loadConfig } from '../../src/shared/config';
import type { Adapters } from '../../src/shared/factory';
import { noAppCheck } from '../../src/testing';

export class RecordingQueue implements TaskQueue {
  readonly tasks: RunTask[] = [];
  failWith: Error | undefined;
  async enqueue(task: RunTask): Promise<'created' | 'exists'> {
    if (this.failWith) throw this.failWith;
    if (this.tasks.some((t) => t.name === task.name)) return 'exists';
    this.tasks.push(task);
    return 'created';
  }
}

export interface AgentHarness {
  deps: Adapters;
  store: SqliteStore;
  queue: RecordingQueue;
  /** Sets the clock. */
  setNow(iso: string): void;
}

export function agentHarness(nowIso = '2026-11-22T00:00:00.000Z'): AgentHarness {
  const store = new SqliteStore(':memory:');
  const queue = new RecordingQueue();
  let now = new Date(nowIso);
  const deps: Adapters = {
    config: loadConfig({ PLATFORM_ENV: 'test' }),
    store,
    tasks: queue,
    auth: {
      verifyIdToken: async () => {
        throw new Error('not used');
      },
    },
    appCheck: noAppCheck,
    model: { apiKey: 'unused', baseURL: undefined, offline: true },
    now: () => new Date(now),
  };
  return {
    deps,
    store,
    queue,
    setNow: (iso) => {
      now = new Date(iso);
    },
  };
}
