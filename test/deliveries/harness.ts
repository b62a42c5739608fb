/**
 * The delivery tests' set-up: the local stack with a Messages-API stand-in
 * (so a run's result is what the test says), queue retries after fractions of
 * a second, and helpers to run an agent to its end and wait for its deliveries.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { stack, useRunStack, user } from '../runs/harness';

export { stack, stub, user } from '../runs/harness';

/** The run tests' stack (test/runs/harness.ts), whose deliveries also retry within a second. */
export function useDeliveryStack(): void {
  useRunStack();
}

/** Creates an agent with these deliveries; expects 201. */
export async function agentWith(deliveries: unknown[], name = 'Morning news') {
  const res = await stack.api(user.idToken, 'POST', '/api/agents', {
    name,
    finalAgentPrompt: 'Summarise the news.',
    deliveries,
  });
  if (res.status !== 201) throw new Error(`agent not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; deliveries: unknown[] };
}

/** Runs the agent now and waits until the run and every delivery task are done; returns the execution. */
export async function runToEnd(agentId: string) {
  const started = await stack.api(user.idToken, 'POST', `/api/agents/${agentId}/run`);
  expect(started.status).toBe(202);
  const id = (started.body as { executionId: string }).executionId;
  for (let i = 0; i < 400; i++) {
    await stack.queues.idle();
    const exec = (await stack.api(user.idToken, 'GET', `/api/executions/${id}`)).body;
    const finished = exec.status === 'success' || exec.status === 'failed';
    if (finished && exec.deliveries.every((d: { status: string }) => d.status !== 'pending')) return exec;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the run or its deliveries did not finish');
}

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1: `answer` decides each status (200 by default). */
export async function startReceiver(answer: (r: Received, n: number) => number = () => 200) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      res.writeHead(answer(r, received.length));
      res.end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}
