/**
 * Production TaskQueue adapter: one named Cloud Task per unit of work, an HTTP
 * POST to the target's private worker carrying an OIDC token whose audience is
 * set explicitly to the worker's URL (a defaulted audience includes the query
 * string and fails: https://github.com/googleapis/python-tasks/issues/137). Each
 * target has its own queue (Terraform also pins each queue's host and audience).
 */
import { UnavailableError } from '@agent-platform/core/errors';
import type { Task, TaskQueue, TaskTarget } from '@agent-platform/core/ports';
import type { Config, QueueSettings } from '../shared/config';

const ALREADY_EXISTS = 6;

export class CloudTasksQueue implements TaskQueue {
  private client?: Promise<import('@google-cloud/tasks').CloudTasksClient>;

  constructor(private readonly config: Config) {}

  private connect() {
    this.client ??= import('@google-cloud/tasks').then((m) => new m.CloudTasksClient());
    return this.client;
  }

  /** The queue, worker URL and settings of a target. */
  private route(target: TaskTarget): { queue: string; url: string | undefined; settings: QueueSettings } {
    const { tasks } = this.config;
    return target === 'chatTurn'
      ? { queue: tasks.turnsQueue, url: tasks.chatTurnUrl, settings: this.config.turnQueue }
      : { queue: tasks.queue, url: tasks.runAgentUrl, settings: this.config.queue };
  }

  async enqueue(task: Task): Promise<'created' | 'exists'> {
    const { projectId, tasks } = this.config;
    const { queue, url, settings } = this.route(task.target);
    if (!projectId || !tasks.location || !url || !tasks.invokerServiceAccount) {
      throw new Error(
        `Cloud Tasks is not configured for ${task.target}: set GOOGLE_CLOUD_PROJECT, TASKS_LOCATION, TASKS_INVOKER_SERVICE_ACCOUNT and the worker's URL.`,
      );
    }
    const client = await this.connect();
    const parent = client.queuePath(projectId, tasks.location, queue);
    const ms = task.scheduleTime.getTime();
    try {
      await client.createTask({
        parent,
        task: {
          name: `${parent}/tasks/${task.name}`,
          scheduleTime: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 },
          dispatchDeadline: { seconds: settings.dispatchDeadlineSeconds },
          httpRequest: {
            httpMethod: 'POST',
            url,
            headers: { 'Content-Type': 'application/json' },
            body: Buffer.from(JSON.stringify(task.payload)).toString('base64'),
            oidcToken: { serviceAccountEmail: tasks.invokerServiceAccount, audience: url },
          },
        },
      });
      return 'created';
    } catch (err) {
      // A task of this name exists or ran within the last hour: the work is already taken care of.
      if ((err as { code?: number }).code === ALREADY_EXISTS) return 'exists';
      throw new UnavailableError(
        { en: 'Could not enqueue the work; it will be retried.', ko: '작업을 큐에 넣지 못했습니다. 다시 시도합니다.' },
        err,
      );
    }
  }
}
