/**
 * What the production Tasks adapter sends to Cloud Tasks. The client library
 * is replaced by a recorder (Cloud Tasks has no emulator); the assertions are
 * what Cloud Tasks requires of the request (https://cloud.google.com/tasks/docs/creating-http-target-tasks).
 */
import { CloudTasksQueue } from '../src/adapters/cloud-tasks-queue';
import { loadConfig } from '../src/shared/config';

const created: Array<{ parent: string; task: Record<string, any> }> = [];
let failWith: number | undefined;

jest.mock('@google-cloud/tasks', () => ({
  CloudTasksClient: class {
    queuePath(p: string, l: string, q: string) {
      return `projects/${p}/locations/${l}/queues/${q}`;
    }
    async createTask(req: { parent: string; task: Record<string, any> }) {
      if (failWith !== undefined) throw Object.assign(new Error('rpc error'), { code: failWith });
      created.push(req);
      return [req.task];
    }
  },
}));

const config = loadConfig({
  PLATFORM_ENV: 'production',
  GOOGLE_CLOUD_PROJECT: 'demo-project',
  TASKS_LOCATION: 'europe-west1',
  RUN_AGENT_URL: 'https://run-agent-abc-ew.a.run.app',
  CHAT_TURN_URL: 'https://chat-turn-abc-ew.a.run.app',
  TASKS_INVOKER_SERVICE_ACCOUNT: 'tasks-invoker@demo-project.iam.gserviceaccount.com',
});

// 2026-11-23T23:00Z = 1,767,225,600 (2026-01-01) + 326 days × 86,400 + 23 h × 3,600 = 1,795,474,800 s.
const task = {
  target: 'runAgent' as const,
  name: 'a1_1764000000',
  scheduleTime: new Date('2026-11-23T23:00:00.500Z'),
  payload: {
    executionId: 'a1_1764000000',
    agentId: 'a1',
    userId: 'u1',
    trigger: 'schedule' as const,
    scheduledFor: '2026-11-23T23:00:00.000Z',
  },
};

beforeEach(() => {
  created.length = 0;
  failWith = undefined;
});

test('creates a named task at the run time with an OIDC token whose audience is the runAgent URL', async () => {
  expect(await new CloudTasksQueue(config).enqueue(task)).toBe('created');
  const sent = created[0];
  expect(sent?.parent).toBe('projects/demo-project/locations/europe-west1/queues/agent-runs');
  expect(sent?.task.name).toBe(`${sent?.parent}/tasks/a1_1764000000`);
  expect(sent?.task.scheduleTime).toEqual({ seconds: 1795474800, nanos: 500_000_000 });
  expect(sent?.task.httpRequest.url).toBe('https://run-agent-abc-ew.a.run.app');
  expect(sent?.task.httpRequest.oidcToken).toEqual({
    serviceAccountEmail: 'tasks-invoker@demo-project.iam.gserviceaccount.com',
    audience: 'https://run-agent-abc-ew.a.run.app',
  });
  expect(JSON.parse(Buffer.from(sent?.task.httpRequest.body, 'base64').toString())).toEqual(task.payload);
});

test('sends a chat turn to its own queue and worker, with the worker as the audience', async () => {
  const turn = {
    target: 'chatTurn' as const,
    name: 'turn-m1',
    scheduleTime: new Date('2026-11-23T23:00:00.000Z'),
    payload: { conversationId: 'c1', messageId: 'm1', userId: 'u1' },
  };
  expect(await new CloudTasksQueue(config).enqueue(turn)).toBe('created');
  const sent = created[0];
  expect(sent?.parent).toBe('projects/demo-project/locations/europe-west1/queues/chat-turns');
  expect(sent?.task.httpRequest.url).toBe('https://chat-turn-abc-ew.a.run.app');
  expect(sent?.task.httpRequest.oidcToken.audience).toBe('https://chat-turn-abc-ew.a.run.app');
  expect(sent?.task.dispatchDeadline).toEqual({ seconds: 600 });
  expect(JSON.parse(Buffer.from(sent?.task.httpRequest.body, 'base64').toString())).toEqual(turn.payload);
});

test('counts ALREADY_EXISTS as the run being taken care of', async () => {
  failWith = 6;
  expect(await new CloudTasksQueue(config).enqueue(task)).toBe('exists');
});

test('reports other failures as retryable', async () => {
  failWith = 14;
  await expect(new CloudTasksQueue(config).enqueue(task)).rejects.toMatchObject({
    code: 'unavailable',
    retryable: true,
  });
});
