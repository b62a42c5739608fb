/**
 * The one typed configuration loader. Every setting, its default and its limits
 * are here; call `loadConfig()` from the adapter factory, never at import time.
 * Queue and model settings come from `config/*.json`, which Terraform reads too.
 */

import deliveryQueueFile from '@agent-platform/config/delivery-queue.json';
import modelsFile from '@agent-platform/config/models.json';
import queueFile from '@agent-platform/config/queue.json';
import turnQueueFile from '@agent-platform/config/turn-queue.json';
import * as z from '@agent-platform/core/zod';

const int = (min: number, max: number) => z.coerce.number().check(z.int(), z.minimum(min), z.maximum(max));

const ModelPrice = z.object({
  label: z.string(),
  input: z.number().check(z.nonnegative()),
  output: z.number().check(z.nonnegative()),
  cacheWrite: z.number().check(z.nonnegative()),
  cacheRead: z.number().check(z.nonnegative()),
});
export type ModelPrice = z.infer<typeof ModelPrice>;

const ModelsFile = z.object({
  defaultModel: z.string(),
  designerModel: z.string(),
  webSearchPer1k: z.number().check(z.nonnegative()),
  codeExecutionPerHour: z.number().check(z.nonnegative()),
  codeExecutionMinSeconds: z.number().check(z.nonnegative()),
  models: z.record(z.string(), ModelPrice),
});

const QueueFile = z.object({
  name: z.string(),
  rateLimits: z.object({
    maxDispatchesPerSecond: z.number().check(z.positive()),
    maxConcurrentDispatches: z.number().check(z.int(), z.positive()),
  }),
  retryConfig: z.object({
    maxAttempts: z.number().check(z.int()),
    maxRetryDurationSeconds: z.number().check(z.nonnegative()),
    minBackoffSeconds: z.number().check(z.nonnegative()),
    maxBackoffSeconds: z.number().check(z.nonnegative()),
    maxDoublings: z.number().check(z.int(), z.nonnegative()),
  }),
  dispatchDeadlineSeconds: z.number().check(z.int(), z.minimum(15), z.maximum(1800)),
});
export type QueueSettings = z.infer<typeof QueueFile>;

const Env = z.object({
  /** `production` on Google Cloud, `local` under `npm start`, `test` in jest. */
  PLATFORM_ENV: z._default(z.enum(['production', 'local', 'test']), 'production'),
  GOOGLE_CLOUD_PROJECT: z.optional(z.string()),
  FUNCTION_REGION: z._default(z.string(), 'europe-west1'),
  ANTHROPIC_API_KEY: z.optional(z.string().check(z.minLength(1))),
  ANTHROPIC_BASE_URL: z.optional(z.string().check(z.url())),
  /** Dollars a signed-in user may spend per calendar month (UTC): tokens, web searches and code execution. */
  USER_MONTHLY_BUDGET_USD: z._default(z.coerce.number().check(z.minimum(0), z.maximum(1e6)), 5),
  /** Dollars a guest (anonymous account) may spend per calendar month. */
  GUEST_MONTHLY_BUDGET_USD: z._default(z.coerce.number().check(z.minimum(0), z.maximum(1e6)), 0.5),
  /** Dollars all users together may spend per calendar month; unset for no platform-wide limit. */
  PLATFORM_MONTHLY_BUDGET_USD: z.optional(z.coerce.number().check(z.minimum(0), z.maximum(1e9))),
  /** An optional extra limit: tokens (input, output and cache) a user may spend per calendar month. */
  USER_MONTHLY_TOKEN_BUDGET: z.optional(int(0, 1e12)),
  /** Input tokens one run attempt may send over all its model calls (each call's worst case is held first). */
  RUN_MAX_INPUT_TOKENS: z._default(int(1_000, 1_000_000), 100_000),
  /** A user's runs that may run at once; more wait their turn without holding up anyone else's. */
  USER_MAX_CONCURRENT_RUNS: z._default(int(1, 100), 2),
  /** Agents a user may keep (deleted ones not counted). */
  USER_MAX_AGENTS: z._default(int(1, 10_000), 50),
  /** One run attempt ends within this many seconds (Cloud Tasks allows up to 1800). */
  RUN_TIMEOUT_SECONDS: z._default(int(15, 1800), 300),
  /** Output token ceiling of one run, over all its model calls. */
  RUN_MAX_OUTPUT_TOKENS: z._default(int(256, 128_000), 16_000),
  /**
   * A run's lease: the running delivery renews it every third of this, so a run whose
   * worker died is taken over about this long after its last renewal.
   */
  RUN_LEASE_SECONDS: z._default(int(30, 3600), 60),
  /** Run-now requests (`POST /api/agents/{id}/run`) a user may make per minute. */
  RUN_NOW_PER_MINUTE: z._default(int(1, 1000), 20),
  /** Chat turns a user may start per minute. */
  CHAT_TURNS_PER_MINUTE: z._default(int(1, 1000), 10),
  /** Tokens of conversation history sent to the designer before older turns are dropped. */
  CHAT_HISTORY_TOKEN_CEILING: z._default(int(1000, 500_000), 30_000),
  /** The sweeper enqueues runs due up to this many minutes ahead. */
  TICK_LOOKAHEAD_MINUTES: z._default(int(1, 60), 5),
  /** Cloud Tasks: the queues, their location, the private workers' URLs and the account that calls them (Terraform). */
  TASKS_QUEUE: z.optional(z.string()),
  TURNS_QUEUE: z.optional(z.string()),
  TASKS_LOCATION: z.optional(z.string()),
  RUN_AGENT_URL: z.optional(z.string().check(z.url())),
  CHAT_TURN_URL: z.optional(z.string().check(z.url())),
  TASKS_INVOKER_SERVICE_ACCOUNT: z.optional(z.string()),
  /** This function's Cloud Run service name, set by Cloud Run itself (its run.app URLs start with it). */
  K_SERVICE: z.optional(z.string()),
  MAX_BODY_BYTES: z._default(int(1024, 10 * 1024 * 1024), 256 * 1024),
  /** Deliveries (docs/api.md "Deliveries"): their queue and worker, the web app's address for run links, mail and push. */
  DELIVERIES_QUEUE: z.optional(z.string()),
  DELIVER_URL: z.optional(z.string().check(z.url())),
  /** The web app's public address (`https://PROJECT.web.app`): links to runs and e-mail confirmation pages. */
  APP_URL: z.optional(z.string().check(z.url())),
  /** `smtps://user:password@host:465` of any mail provider (Secret Manager in production). */
  SMTP_URL: z.optional(z.string().check(z.url())),
  MAIL_FROM: z._default(z.string(), 'Agent Platform <no-reply@localhost>'),
  /** E-mails (results, tests and confirmations) one user may be sent per UTC day. */
  EMAILS_PER_USER_PER_DAY: z._default(int(1, 10_000), 50),
  /** The VAPID key pair web push is signed with (base64url; Secret Manager in production) and its contact. */
  VAPID_PUBLIC_KEY: z.optional(z.string()),
  VAPID_PRIVATE_KEY: z.optional(z.string()),
  VAPID_SUBJECT: z._default(z.string(), 'mailto:admin@localhost'),
  /** `true`: the public functions refuse requests without a valid App Check token (Terraform's enforce_app_check). */
  APP_CHECK_ENFORCE: z._default(z.enum(['true', 'false']), 'false'),
  /** Workspace runs (docs/workspace-runs.md): Claude Code's time limit, turns and spending ceiling per run. */
  WORKSPACE_TIMEOUT_SECONDS: z._default(int(1, 3600), 300),
  WORKSPACE_MAX_TURNS: z._default(int(1, 200), 30),
  WORKSPACE_MAX_BUDGET_USD: z._default(z.coerce.number().check(z.positive(), z.maximum(100)), 5),
  /** Production: the prebuilt image, the build's account and machine, the key's secret, the artifacts bucket (Terraform). */
  WORKSPACE_IMAGE: z.optional(z.string()),
  WORKSPACE_SERVICE_ACCOUNT: z.optional(z.string()),
  WORKSPACE_MACHINE_TYPE: z._default(z.enum(['UNSPECIFIED', 'E2_MEDIUM', 'E2_HIGHCPU_8']), 'UNSPECIFIED'),
  WORKSPACE_API_KEY_SECRET: z.optional(z.string()),
  ARTIFACTS_BUCKET: z.optional(z.string()),
});

export interface Config {
  env: 'production' | 'local' | 'test';
  projectId: string | undefined;
  region: string;
  anthropic: { apiKey: string | undefined; baseUrl: string | undefined };
  models: z.infer<typeof ModelsFile>;
  /** The runs queue (config/queue.json). */
  queue: QueueSettings;
  /** The chat turns queue (config/turn-queue.json). */
  turnQueue: QueueSettings;
  /** The deliveries queue (config/delivery-queue.json). */
  deliveryQueue: QueueSettings;
  deliveries: {
    appUrl: string | undefined;
    smtpUrl: string | undefined;
    mailFrom: string;
    emailsPerDay: number;
    vapid: { publicKey: string | undefined; privateKey: string | undefined; subject: string };
  };
  budget: {
    userUsd: number;
    guestUsd: number;
    platformUsd: number | undefined;
    userMonthlyTokens: number | undefined;
    maxConcurrentRuns: number;
    maxAgents: number;
  };
  run: {
    timeoutSeconds: number;
    maxOutputTokens: number;
    maxInputTokens: number;
    leaseSeconds: number;
    runNowPerMinute: number;
  };
  chat: { turnsPerMinute: number; historyTokenCeiling: number; maxMessageChars: number };
  tick: { lookaheadMinutes: number };
  tasks: {
    queue: string;
    turnsQueue: string;
    deliveriesQueue: string;
    location: string | undefined;
    runAgentUrl: string | undefined;
    chatTurnUrl: string | undefined;
    deliverUrl: string | undefined;
    invokerServiceAccount: string | undefined;
    /** This function's Cloud Run service name (`K_SERVICE`), when it runs on Cloud Run. */
    service: string | undefined;
  };
  http: { maxBodyBytes: number };
  /** Whether the public functions require an App Check token (`X-Firebase-AppCheck`). */
  appCheck: { enforce: boolean };
  workspace: {
    timeoutSeconds: number;
    maxTurns: number;
    maxBudgetUsd: number;
    image: string | undefined;
    serviceAccount: string | undefined;
    machineType: 'UNSPECIFIED' | 'E2_MEDIUM' | 'E2_HIGHCPU_8';
    /** `projects/…/secrets/…/versions/…` of the Claude API key the build reads. */
    apiKeySecret: string | undefined;
  };
  artifacts: { bucket: string | undefined };
}

const PLACEHOLDER_SECRETS = ['SMTP_URL', 'VAPID_PRIVATE_KEY'];

/** Reads and validates the configuration; throws with every bad variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means unset (e.g. `ANTHROPIC_API_KEY= npm start` for the offline model), and so
  // does `unset` in a delivery secret, Terraform's placeholder until an operator stores one (secrets.tf).
  const given = Object.fromEntries(
    Object.entries(env).filter(
      ([k, v]) => v !== undefined && v !== '' && !(PLACEHOLDER_SECRETS.includes(k) && v === 'unset'),
    ),
  );
  const parsed = Env.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const models = ModelsFile.parse(modelsFile);
  return {
    env: e.PLATFORM_ENV,
    projectId: e.GOOGLE_CLOUD_PROJECT,
    region: e.FUNCTION_REGION,
    anthropic: { apiKey: e.ANTHROPIC_API_KEY, baseUrl: e.ANTHROPIC_BASE_URL },
    models,
    queue: QueueFile.parse(queueFile),
    turnQueue: QueueFile.parse(turnQueueFile),
    deliveryQueue: QueueFile.parse(deliveryQueueFile),
    deliveries: {
      appUrl: e.APP_URL?.replace(/\/+$/, ''),
      smtpUrl: e.SMTP_URL,
      mailFrom: e.MAIL_FROM,
      emailsPerDay: e.EMAILS_PER_USER_PER_DAY,
      vapid: { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY, subject: e.VAPID_SUBJECT },
    },
    budget: {
      userUsd: e.USER_MONTHLY_BUDGET_USD,
      guestUsd: e.GUEST_MONTHLY_BUDGET_USD,
      platformUsd: e.PLATFORM_MONTHLY_BUDGET_USD,
      userMonthlyTokens: e.USER_MONTHLY_TOKEN_BUDGET,
      maxConcurrentRuns: e.USER_MAX_CONCURRENT_RUNS,
      maxAgents: e.USER_MAX_AGENTS,
    },
    run: {
      timeoutSeconds: e.RUN_TIMEOUT_SECONDS,
      maxOutputTokens: e.RUN_MAX_OUTPUT_TOKENS,
      maxInputTokens: e.RUN_MAX_INPUT_TOKENS,
      // No longer bounded below by the timeout: the running delivery renews its lease (progress.ts).
      leaseSeconds: e.RUN_LEASE_SECONDS,
      runNowPerMinute: e.RUN_NOW_PER_MINUTE,
    },
    chat: {
      turnsPerMinute: e.CHAT_TURNS_PER_MINUTE,
      historyTokenCeiling: e.CHAT_HISTORY_TOKEN_CEILING,
      maxMessageChars: 10_000,
    },
    tick: { lookaheadMinutes: e.TICK_LOOKAHEAD_MINUTES },
    tasks: {
      queue: e.TASKS_QUEUE ?? QueueFile.parse(queueFile).name,
      turnsQueue: e.TURNS_QUEUE ?? QueueFile.parse(turnQueueFile).name,
      deliveriesQueue: e.DELIVERIES_QUEUE ?? QueueFile.parse(deliveryQueueFile).name,
      location: e.TASKS_LOCATION,
      runAgentUrl: e.RUN_AGENT_URL,
      chatTurnUrl: e.CHAT_TURN_URL,
      deliverUrl: e.DELIVER_URL,
      invokerServiceAccount: e.TASKS_INVOKER_SERVICE_ACCOUNT,
      service: e.K_SERVICE,
    },
    http: { maxBodyBytes: e.MAX_BODY_BYTES },
    appCheck: { enforce: e.APP_CHECK_ENFORCE === 'true' },
    workspace: {
      timeoutSeconds: e.WORKSPACE_TIMEOUT_SECONDS,
      maxTurns: e.WORKSPACE_MAX_TURNS,
      maxBudgetUsd: e.WORKSPACE_MAX_BUDGET_USD,
      image: e.WORKSPACE_IMAGE,
      serviceAccount: e.WORKSPACE_SERVICE_ACCOUNT,
      machineType: e.WORKSPACE_MACHINE_TYPE,
      apiKeySecret: e.WORKSPACE_API_KEY_SECRET,
    },
    artifacts: { bucket: e.ARTIFACTS_BUCKET },
  };
}

/** The configuration as it may be logged: secrets shown as omitted. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    anthropic: {
      apiKey: config.anthropic.apiKey ? '[omitted]' : 'unset (offline model)',
      baseUrl: config.anthropic.baseUrl,
    },
    models: { defaultModel: config.models.defaultModel, available: Object.keys(config.models.models) },
    deliveries: {
      ...config.deliveries,
      smtpUrl: config.deliveries.smtpUrl ? '[omitted]' : 'unset',
      vapid: { ...config.deliveries.vapid, privateKey: config.deliveries.vapid.privateKey ? '[omitted]' : 'unset' },
    },
  };
}
