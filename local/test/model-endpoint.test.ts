/**
 * The Model contract against the local stack's offline model endpoint: the
 * real SDK talks to it over HTTP, streamed and not.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describeModelContract } from '@agent-platform/functions/contracts';
import { serveModelEndpoint } from '../src/model-endpoint';
import { offlineMessages } from '../src/offline-model';

describeModelContract('offline stand-in endpoint', async () => {
  const server = createServer((req, res) => void serveModelEndpoint(req, res, offlineMessages, 0));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: { apiKey: 'offline-stand-in', baseURL: `http://127.0.0.1:${port}`, offline: true },
    model: 'claude-sonnet-5-5',
    cleanup: () => new Promise<void>((r) => server.close(() => r())),
  };
});
