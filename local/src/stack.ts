/**
 * The local stack: the whole platform on one machine behind one port, every
 * part real — the SQLite store, the functions served through the Functions
 * Framework, the Tasks and Scheduler stand-ins, guest sessions, the offline
 * model, the live feed and the web app — and, in front of the functions, the
 * same doors production traffic passes (docs/production-fidelity.md):
 *
 *   browser ─▶ Hosting front (files, firebase.json rewrites, buffering, 60 s cut)
 *                 └─▶ Cloud Run front (public: agents, chat)            ─▶ function
 *   Tasks stand-in  ─OIDC─▶ Cloud Run front (private: runAgent, chatTurn, deliver) ─▶ function
 *   Scheduler stand-in ─OIDC─▶ Cloud Run front (private: tick)           ─▶ function
 *
 * A function's "run.app URL" is `/__local/functions/<name>` on the stack's port.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { toErrorResponse } from '@agent-platform/core/errors';
import type { ModelEndpoint, TaskTarget } from '@agent-platform/core/ports';
import { type Config, loadConfig, log, useAdapters } from '@agent-platform/functions/host';
import { LocalAppCheck } from './app-check';
import { StackClock } from './clock';
import { FileArtifacts } from './file-artifacts';
import { FunctionsHost } from './functions-host';
import { CloudRunFront, type ServiceAccess } from './google/cloud-run-front';
import { LOCAL_PROJECT, LocalGoogleIdentity, PUBSUB_PUSH, TASKS_INVOKER } from './google/identity';
import { LocalScheduler } from './google/scheduler';
import { LocalTaskQueue, LocalTasks } from './google/task-queue';
import { LocalAuth } from './guest-auth';
import { HostingFront } from './hosting/hosting-front';
import { readHeaderRules, readRewrites } from './hosting/rewrites';
import { installSecret } from './install-secret';
import { serveLiveFeed } from './live-feed';
import { MailCatcher } from './mail/mail-catcher';
import { serveModelEndpoint } from './model-endpoint';
import { offlineMessages } from './offline-model';
import { LocalPushService } from './push-service';
import { readIndexDefinitions, SqliteStore } from './sqlite-store';
import { serveTokenRefresh } from './token-endpoint';
import { vapidKeys } from './vapid-keys';
import { LocalWorkspaceRunner } from './workspace-runner';

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
  /** Runs instead of Claude Code in workspace runs (tests of time limits); same arguments. */
  workspaceCommand?: string;
  /** Pause between streamed chunks of the offline model. */
  offlineChunkDelayMs?: number;
  /** Replace the runs queue's retry settings (tests that must not wait minutes for a backoff). */
  queueRetryOverride?: Partial<Config['queue']['retryConfig']>;
  /** Hosting's cut of a slow answer; 60 s as in production unless a test shortens it. */
  hostingTimeoutMs?: number;
  /** Replace the deliveries queue's retry settings (tests of retries). */
  deliveryRetryOverride?: Partial<Config['queue']['retryConfig']>;
}

export interface LocalStack {
  url: string;
  store: SqliteStore;
  /** The runs queue (runAgent's). */
  tasks: LocalTaskQueue;
  /** The chat turns queue (chatTurn's). */
  turnTasks: LocalTaskQueue;
  /** The deliveries queue (deliver's). */
  deliveryTasks: LocalTaskQueue;
  /** The SMTP server mail goes to (`GET /__local/mail`). */
  mail: MailCatcher;
  /** Every queue, as the functions see them. */
  queues: LocalTasks;
  scheduler: LocalScheduler;
  auth: LocalAuth;
  identity: LocalGoogleIdentity;
  clock: StackClock;
  config: Config;
  offlineModel: boolean;
  /** A function's URL behind the local Cloud Run front. */
  functionUrl(name: string): string;
  /** The token Cloud Tasks presents to a worker (the invoker account's, for its URL). */
  taskToken(worker?: TaskTarget): string;
  stop(): Promise<void>;
}

/** Who may invoke each function (terraform/modules/platform: public ones allUsers, private ones one account). */
const SERVICES: Record<string, ServiceAccess> = {
  agents: { invokers: 'allUsers' },
  chat: { invokers: 'allUsers' },
  chatTurn: { invokers: [TASKS_INVOKER] },
  deliver: { invokers: [TASKS_INVOKER] },
  runAgent: { invokers: [TASKS_INVOKER] },
  tick: { invokers: [PUBSUB_PUSH] },
};

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const started = Date.now();
  const env = options.env ?? process.env;
  const dataDir = resolve(options.dataDir);
  const webRoot = join(options.rootDir, 'web', 'dist');
  const firebaseJson = join(options.rootDir, 'firebase.json');

  const clock = new StackClock();
  // The indexes `firebase deploy` gives production (firebase.json): a query without one fails here as it would there.
  const store = new SqliteStore(join(dataDir, 'store.db'), {
    indexes: readIndexDefinitions(join(options.rootDir, 'firestore.indexes.json')),
  });
  const auth = new LocalAuth(dataDir);
  const identity = new LocalGoogleIdentity(installSecret(dataDir));
  const appCheck = new LocalAppCheck(installSecret(dataDir));
  let baseUrl = '';
  const functionUrl = (name: string) => `${baseUrl}/__local/functions/${name}`;

  const apiKey = env.ANTHROPIC_API_KEY;
  const model: ModelEndpoint = apiKey
    ? { apiKey, baseURL: env.ANTHROPIC_BASE_URL, offline: false }
    : { apiKey: 'offline-stand-in', baseURL: undefined, offline: true };

  const host = new FunctionsHost(Object.keys(SERVICES));
  const cloudRun = new CloudRunFront(identity, SERVICES, functionUrl);
  const hosting = new HostingFront({
    webRoot,
    rewrites: readRewrites(firebaseJson),
    headers: readHeaderRules(firebaseJson),
    serviceUrl: functionUrl,
    timeoutMs: options.hostingTimeoutMs,
  });
  const mail = new MailCatcher(dataDir);
  const smtpUrl = await mail.start();
  const push = new LocalPushService(() => baseUrl);
  const vapid = vapidKeys(dataDir);
  const chunkDelay = options.offlineChunkDelayMs ?? Number(env.OFFLINE_MODEL_CHUNK_DELAY_MS ?? 15);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path.startsWith('/__local/')) return serveLocal(req, res, path);
    if (!(await hosting.handle(req, res, path)))
      sendJson(res, 404, { error: { code: 'not_found', message: 'Not found.' } });
  };

  const serveLocal = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const fn = /^\/__local\/functions\/([A-Za-z]+)(\/.*)?$/.exec(path);
    if (fn) {
      const name = fn[1] as string;
      if (!cloudRun.admit(name, req, res)) return;
      const query = (req.url ?? '').slice(path.length);
      return host.dispatch(name, req, res, `${fn[2] ?? '/'}${query}`);
    }
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
    // What App Check's exchange gives the web app once reCAPTCHA has vouched for the page.
    if (path === '/__local/app-check' && req.method === 'POST') return sendJson(res, 200, appCheck.issue());
    if (path === '/__local/tick' && req.method === 'POST') {
      const result = await scheduler.deliver();
      return sendJson(res, result.status >= 300 ? 503 : 200, result.body ?? { enqueued: 0 });
    }
    if (path === '/__local/mail' && req.method === 'GET') return mail.serve(req, res);
    const pushChannel = /^\/__local\/push\/([^/]+)$/.exec(path);
    if (pushChannel) return push.serve(req, res, pushChannel[1] as string);
    if (path === '/__local/live' && req.method === 'GET') return serveLiveFeed(req, res, { auth, store });
    if (path.startsWith('/__local/model/')) {
      return serveModelEndpoint(req, res, (body) => offlineMessages(body), chunkDelay);
    }
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

  // The wiring Terraform gives the functions in production, with the local URLs and accounts.
  const config = loadConfig({
    GOOGLE_CLOUD_PROJECT: LOCAL_PROJECT,
    ...env,
    PLATFORM_ENV: 'local',
    RUN_AGENT_URL: functionUrl('runAgent'),
    CHAT_TURN_URL: functionUrl('chatTurn'),
    DELIVER_URL: functionUrl('deliver'),
    TASKS_INVOKER_SERVICE_ACCOUNT: TASKS_INVOKER,
    APP_URL: env.APP_URL || baseUrl,
    SMTP_URL: smtpUrl,
    MAIL_FROM: 'Agent Platform (local) <no-reply@localhost>',
    VAPID_PUBLIC_KEY: vapid.publicKey,
    VAPID_PRIVATE_KEY: vapid.privateKey,
  });
  if (options.deliveryRetryOverride)
    config.deliveryQueue.retryConfig = { ...config.deliveryQueue.retryConfig, ...options.deliveryRetryOverride };
  if (options.queueRetryOverride)
    config.queue.retryConfig = { ...config.queue.retryConfig, ...options.queueRetryOverride };
  const taskToken = (worker: TaskTarget = 'runAgent') => identity.tokenFor(TASKS_INVOKER, functionUrl(worker));
  const queueOf = (worker: TaskTarget, file: string, settings: Config['queue']) =>
    new LocalTaskQueue({
      file: join(dataDir, file),
      settings,
      clock,
      targetName: worker,
      target: () => ({ url: functionUrl(worker), token: taskToken(worker) }),
    });
  const tasks = queueOf('runAgent', 'tasks.db', config.queue);
  const turnTasks = queueOf('chatTurn', 'turn-tasks.db', config.turnQueue);
  const deliveryTasks = queueOf('deliver', 'delivery-tasks.db', config.deliveryQueue);
  const queues = new LocalTasks({ runAgent: tasks, chatTurn: turnTasks, deliver: deliveryTasks });
  const scheduler = new LocalScheduler(() => ({
    url: functionUrl('tick'),
    token: identity.tokenFor(PUBSUB_PUSH, functionUrl('tick')),
  }));

  useAdapters({
    config,
    store,
    tasks: queues,
    auth,
    appCheck,
    model: model.offline ? { ...model, baseURL: `${baseUrl}/__local/model` } : model,
    now: () => clock.now(),
    // Claude Code in a temporary folder, calling the same model endpoint as every run.
    workspace: new LocalWorkspaceRunner({
      endpoint: () => (model.offline ? { apiKey: model.apiKey, baseURL: `${baseUrl}/__local/model` } : model),
      command: options.workspaceCommand,
    }),
    artifacts: new FileArtifacts(dataDir),
  });
  tasks.start();
  turnTasks.start();
  deliveryTasks.start();
  if (options.autoTick ?? true) scheduler.start();

  let stopping: Promise<void> | undefined;
  return {
    url: baseUrl,
    store,
    tasks,
    turnTasks,
    deliveryTasks,
    mail,
    queues,
    scheduler,
    auth,
    identity,
    clock,
    config,
    offlineModel: model.offline,
    functionUrl,
    taskToken,
    stop() {
      stopping ??= (async () => {
        scheduler.stop();
        await Promise.all([tasks.stop(), turnTasks.stop(), deliveryTasks.stop()]);
        await mail.stop();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
        useAdapters(undefined);
        tasks.close();
        turnTasks.close();
        deliveryTasks.close();
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
