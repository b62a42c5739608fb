/**
 * The run tests' shared set-up (the delivery tests' too): the local stack with a
 * Messages-API stand-in of our own and queue retries, of runs and of deliveries,
 * after fractions of a second (not 10 s), a fresh
 * guest for each test, and optionally each test's agents deleted after it, so
 * their schedules do not fire when a later test moves the clock on.
 *
 * `stub`, `stack` and `user` are live bindings: import them and use them in tests.
 */
import { type MessagesStub, startMessagesStub, textReply } from '../support/messages-stub';
import { startStack, type TestStack } from '../support/stack';

const FAST_RETRIES = { minBackoffSeconds: 0.05, maxBackoffSeconds: 0.2, maxDoublings: 1 };

export let stub: MessagesStub;
export let stack: TestStack;
export let user: { uid: string; idToken: string };

/** Registers the hooks; call once at the top of a test file. */
export function useRunStack(options: { deleteAgentsAfterEach?: boolean; env?: Record<string, string> } = {}): void {
  beforeAll(async () => {
    stub = await startMessagesStub();
    stack = await startStack({
      anthropicBaseUrl: stub.url,
      env: options.env,
      queueRetryOverride: FAST_RETRIES,
      deliveryRetryOverride: FAST_RETRIES,
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await stub?.stop();
  });
  beforeEach(async () => {
    user = await stack.guest();
    stub.requests.length = 0;
    stub.script(textReply('stub reply'));
  });
  if (options.deleteAgentsAfterEach) {
    afterEach(async () => {
      const { agents } = (await stack.api(user.idToken, 'GET', '/api/agents')).body as { agents: { id: string }[] };
      for (const a of agents) await stack.api(user.idToken, 'DELETE', `/api/agents/${a.id}`);
      await fetch(`${stack.url}/__local/tick`, { method: 'POST' });
      await stack.tasks.idle();
    });
  }
}
