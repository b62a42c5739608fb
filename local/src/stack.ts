/**
 * The local stack: the whole platform on one machine behind one port, every
 * part real — the SQLite store, the functions served through the Functions
 * Framework under firebase.json's rewrites, the Tasks and Scheduler stand-ins,
 * guest sessions, the offline model, the live feed and the web app.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { toErrorResponse } from '@agent-platform/core/errors';
import type { ModelEndpoint } from '@agent-platform/core/ports';
import { type Config, loadConfig, log, useAdapters } from '@agent-platform/functions/host';
import { StackClock } from './clock';
import { FunctionsHost } from './functions-host';
import { LocalAuth } from './guest-auth';
import { serveLiveFeed } from './live-feed';
import { serveModelEndpoint } from './model-endpoint';
import { offlineMessages } from './offline-model';
import { functionNameOfService, readRewrites } from './rewrites';
import { LocalScheduler } from './scheduler';
import { SqliteStore } from './sqlite-store';
import { serveStatic } from './static-files';
import { LocalTaskQueue } from './task-queue';
import { serveTokenRefresh } from './token-endpoint';

export interface LocalStackOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  dataDir: string;
  /** The repository root (firebase.json, web/dist). */
  rootDir: string;
  /** Environment for the functions' configuration (defaults to process.env). */
  env?: NodeJS.ProcessEnv;
  /** Deliver the scheduler tick every minute (off in tests that tick by hand). */
  autoTick?: boolean;
  /** Pause between streamed chunks of the offline model. */
  offlineChunkDelayMs?: number;
  /** Replace the queue's retry settings (tests that must not wait minutes for a backoff). */
  queueRetryOverride?: Partial<Config['queue']['retryConfig']>;
}

export interface LocalStack {
  url: string;
  store: SqliteStore;
  tasks: LocalTaskQueue;
  scheduler: LocalScheduler;
  auth: LocalAuth;
  clock: StackClock;
  config: Config;
  offlineModel: boolean;
  stop(): Promise<void>;
}

const FUNCTIONS = ['agents', 'chat', 'runAgent', 'tick'];

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const started = Date.now();
  const env = options.env ?? process.env;
  const dataDir = resolve(options.dataDir);
  const webRoot = join(options.rootDir, 'web', 'dist');
  const rewrites = readRewrites(join(options.rootDir, 'firebase.json'));

  const clock = new StackClock();
  const store = new SqliteStore(join(dataDir, 'store.db'));
  const auth = new LocalAuth(dataDir);
  let baseUrl = '';

  const apiKey = env.ANTHROPIC_API_KEY;
  const model: ModelEndpoint = apiKey
    ? { apiKey, baseURL: env.ANTHROPIC_BASE_URL, offline: false }
    : { apiKey: 'offline-stand-in', baseURL: undefined, offline: true };

  const config = loadConfig({ ...env, PLATFORM_ENV: 'local' });
  if (options.queueRetryOverride)
    config.queue.retryConfig = { ...config.queue.retryConfig, ...options.queueRetryOverride };
  const tasks = new LocalTaskQueue({
    file: join(dataDir, 'tasks.db'),
    settings: config.queue,
    clock,
    target: () => ({ url: `${baseUrl}/__local/functions/runAgent`, token: auth.issueTaskToken() }),
  });
  const scheduler = new LocalScheduler(() => `${baseUrl}/__local/functions/tick`);

  useAdapters({
    get config() {
      return config;
    },
    store,
    tasks,
    auth,
    // The offline endpoint's URL is known only once the server listens.
    get model() {
      return model.offline ? { ...model, baseURL: `${baseUrl}/__local/model` } : model;
    },
    now: () => clock.now(),
  });
  const host = new FunctionsHost(FUNCTIONS);
  const chunkDelay = options.offlineChunkDelayMs ?? Number(env.OFFLINE_MODEL_CHUNK_DELAY_MS ?? 15);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path.startsWith('/__local/')) return serveLocal(req, res, path);
    if ((req.method === 'GET' || req.method === 'HEAD') && serveStatic(webRoot, path, res, req.method === 'HEAD'))
      return;
    for (const rewrite of rewrites) {
      if (!rewrite.regex.test(path)) continue;
      if ('serviceId' in rewrite) return host.dispatch(functionNameOfService(rewrite.serviceId), req, res);
      if (serveStatic(webRoot, rewrite.destination, res, req.method === 'HEAD')) return;
    }
    sendJson(res, 404, { error: { code: 'not_found', message: 'Not found.' } });
  };

  const serveLocal = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (path === '/__local/health' && req.method === 'GET') {
      return sendJson(res, 200, {
        ok: true,
        mode: 'local',
        offlineModel: model.offline,
        uptimeMs: Date.now() - started,
      });
    }
    if (path === '/__local/guest' && req.method === 'POST') return sendJson(res, 200, auth.issueGuest());
    if (path === '/__local/token' && req.method === 'POST') return serveTokenRefresh(req, res, auth);
    if (path === '/__local/tick' && req.method === 'POST') {
      const result = await scheduler.deliver();
      return sendJson(res, result.status >= 300 ? 503 : 200, result.body ?? { enqueued: 0 });
    }
    if (path === '/__local/live' && req.method === 'GET') return serveLiveFeed(req, res, { auth, store });
    if (path.startsWith('/__local/model/')) {
      return serveModelEndpoint(req, res, (body) => offlineMessages(body), chunkDelay);
    }
    const fn = /^\/__local\/functions\/([A-Za-z]+)(\/.*)?$/.exec(path);
    if (fn && host.has(fn[1] as string)) return host.dispatch(fn[1] as string, req, res, fn[2] ?? '/');
    sendJson(res, 404, { error: { code: 'not_found', message: 'No such local endpoint.' } });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err) => {
      log.error('local stack request failed', { path: req.url, err });
      if (!res.headersSent) sendJson(res, 500, toErrorResponse(err).body);
      else res.end();
    });
  });
  // Long-lived SSE feeds must not be cut by Node's default request timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port, options.host ?? '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}`;
  tasks.start();
  if (options.autoTick ?? true) scheduler.start();

  let stopping: Promise<void> | undefined;
  return {
    url: baseUrl,
    store,
    tasks,
    scheduler,
    auth,
    clock,
    config,
    offlineModel: model.offline,
    stop() {
      stopping ??= (async () => {
        scheduler.stop();
        await tasks.stop();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
        useAdapters(undefined);
        tasks.close();
        store.close();
      })();
      return stopping;
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}
