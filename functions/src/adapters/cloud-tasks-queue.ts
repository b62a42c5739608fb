/**
 * Production TaskQueue adapter: one named Cloud Task per run, an HTTP POST to
 * `runAgent` carrying an OIDC token whose audience is set explicitly to the
 * function URL (a defaulted audience includes the query string and fails:
 * https://github.com/googleapis/python-tasks/issues/137).
 */

import { UnavailableError } from '@agent-platform/core/errors';
import type { RunTask, TaskQueue } from '@agent-platform/core/ports';
import type { Config } from '../shared/config';

const ALREADY_EXISTS = 6;

export class CloudTasksQueue implements TaskQueue {
  private client?: Promise<import('@google-cloud/tasks').CloudTasksClient>;

  constructor(private readonly config: Config) {}

  private connect() {
    this.client ??= import('@google-cloud/tasks').then((m) => new m.CloudTasksClient());
    return this.client;
  }

  async enqueue(task: RunTask): Promise<'created' | 'exists'> {
    const { projectId, tasks, queue } = this.config;
    if (!projectId || !tasks.location || !tasks.runAgentUrl || !tasks.invokerServiceAccount) {
      throw new Error(
        'Cloud Tasks is not configured: set GOOGLE_CLOUD_PROJECT, TASKS_LOCATION, RUN_AGENT_URL and TASKS_INVOKER_SERVICE_ACCOUNT.',
      );
    }
    const client = await this.connect();
    const parent = client.queuePath(projectId, tasks.location, tasks.queue);
    const ms = task.scheduleTime.getTime();
    try {
      await client.createTask({
        parent,
        task: {
          name: `${parent}/tasks/${task.name}`,
          scheduleTime: { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1e6 },
          dispatchDeadline: { seconds: queue.dispatchDeadlineSeconds },
          httpRequest: {
            httpMethod: 'POST',
            url: tasks.runAgentUrl,
            headers: { 'Content-Type': 'application/json' },
            body: Buffer.from(JSON.stringify(task.payload)).toString('base64'),
            oidcToken: { serviceAccountEmail: tasks.invokerServiceAccount, audience: tasks.runAgentUrl },
          },
        },
      });
      return 'created';
    } catch (err) {
      // A task of this name exists or ran within the last hour: the run is already taken care of.
      if ((err as { code?: number }).code === ALREADY_EXISTS) return 'exists';
      throw new UnavailableError('Could not enqueue the run; it will be retried.', err);
    }
  }
}
