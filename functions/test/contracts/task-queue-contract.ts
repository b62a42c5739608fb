/**
 * The TaskQueue contract: named tasks are created once, and each is delivered
 * to the run target as an authenticated HTTP POST carrying its payload, not
 * before its schedule time.
 */
import type { RunTask, TaskQueue } from '@agent-platform/core/ports';

export interface DeliveredTask {
  body: unknown;
  authorization: string | undefined;
  taskName: string | undefined;
  at: number;
}

export interface TaskQueueHarness {
  queue: TaskQueue;
  /** Deliveries the run target has received so far. */
  delivered: DeliveredTask[];
  /** The queue's notion of now (its test clock). */
  now(): Date;
  /** Moves the queue's clock forward. */
  advance(ms: number): void;
  /** Resolves once the queue has nothing due and nothing being delivered. */
  settle(): Promise<void>;
  cleanup(): Promise<void>;
}

const payload = (id: string): RunTask['payload'] => ({
  executionId: id,
  agentId: 'agent-1',
  userId: 'user-1',
  trigger: 'schedule',
  scheduledFor: '2026-11-23T23:00:00.000Z',
});

export function describeTaskQueueContract(adapterName: string, make: () => Promise<TaskQueueHarness>): void {
  describe(`TaskQueue contract: ${adapterName}`, () => {
    let h: TaskQueueHarness;
    beforeEach(async () => {
      h = await make();
    });
    afterEach(async () => h.cleanup());

    test('creates a named task once; the same name again is reported as existing', async () => {
      const task = {
        target: 'runAgent' as const,
        name: 'run-agent-1-1764000000',
        scheduleTime: new Date(h.now().getTime() + 3_600_000),
        payload: payload('e1'),
      };
      expect(await h.queue.enqueue(task)).toBe('created');
      expect(await h.queue.enqueue(task)).toBe('exists');
    });

    test('delivers a due task once, with its payload and a bearer credential', async () => {
      await h.queue.enqueue({ target: 'runAgent', name: 'run-due', scheduleTime: h.now(), payload: payload('e-due') });
      await h.settle();
      expect(h.delivered).toHaveLength(1);
      expect(h.delivered[0]?.body).toEqual(payload('e-due'));
      expect(h.delivered[0]?.authorization).toMatch(/^Bearer \S+/);
      expect(h.delivered[0]?.taskName).toBe('run-due');
    });

    test('holds a task until its schedule time', async () => {
      await h.queue.enqueue({
        target: 'runAgent',
        name: 'run-later',
        scheduleTime: new Date(h.now().getTime() + 60_000),
        payload: payload('e-later'),
      });
      h.advance(59_000);
      await h.settle();
      expect(h.delivered).toHaveLength(0);
      h.advance(2_000);
      await h.settle();
      expect(h.delivered.map((d) => d.taskName)).toEqual(['run-later']);
    });
  });
}
