/**
 * Boots the whole local stack in the test process (the same `startLocalStack`
 * that `npm start` runs) on a free port with a fresh data directory.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type GuestSignUp, type LocalStack, type LocalStackOptions, startLocalStack } from '@agent-platform/local';

export interface TestStack extends LocalStack {
  dataDir: string;
  /** A new guest session: `{uid, idToken, refreshToken, expiresIn}` (`POST /__local/guest`). */
  guest(): Promise<GuestSignUp>;
  /** fetch against the stack with a guest's token and JSON body. */
  api(token: string | undefined, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export interface TestStackOptions {
  env?: Record<string, string>;
  /** Point the model at this Messages-API server (a test stub) instead of the offline model. */
  anthropicBaseUrl?: string;
  /** Reuse a data directory (restart tests); a fresh temp dir otherwise. */
  dataDir?: string;
  autoTick?: boolean;
  queueRetryOverride?: LocalStackOptions['queueRetryOverride'];
  deliveryRetryOverride?: LocalStackOptions['deliveryRetryOverride'];
  offlineChunkDelayMs?: number;
  /** Hosting's cut of a slow answer (60 s by default, as in production). */
  hostingTimeoutMs?: number;
  /** Runs instead of Claude Code in workspace runs. */
  workspaceCommand?: string;
}

/** The repository root: found upwards from here (also when bundled into bench/.work/), else the cwd. */
export const ROOT_DIR = findRoot(__dirname) ?? process.cwd();

function findRoot(from: string): string | undefined {
  for (let dir = from; dir !== resolve(dir, '..'); dir = resolve(dir, '..')) {
    if (existsSync(join(dir, 'firebase.json')) && existsSync(join(dir, 'functions'))) return dir;
  }
  return undefined;
}

export async function startStack(options: TestStackOptions = {}): Promise<TestStack> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'agent-platform-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  delete env.ANTHROPIC_API_KEY;
  delete env.ANTHROPIC_BASE_URL;
  if (options.anthropicBaseUrl) {
    env.ANTHROPIC_API_KEY = 'test-key';
    env.ANTHROPIC_BASE_URL = options.anthropicBaseUrl;
  }
  if (options.env?.ANTHROPIC_API_KEY) env.ANTHROPIC_API_KEY = options.env.ANTHROPIC_API_KEY;
  const stack = await startLocalStack({
    port: 0,
    dataDir,
    rootDir: ROOT_DIR,
    env,
    autoTick: options.autoTick ?? false,
    offlineChunkDelayMs: options.offlineChunkDelayMs ?? 0,
    queueRetryOverride: options.queueRetryOverride,
    deliveryRetryOverride: options.deliveryRetryOverride,
    hostingTimeoutMs: options.hostingTimeoutMs,
    workspaceCommand: options.workspaceCommand,
  });
  const stop = stack.stop.bind(stack);
  return Object.assign(stack, {
    dataDir,
    async guest() {
      const res = await fetch(`${stack.url}/__local/guest`, { method: 'POST' });
      return (await res.json()) as GuestSignUp;
    },
    async api(token: string | undefined, method: string, path: string, body?: unknown) {
      const headers: Record<string, string> = {};
      if (token) headers.Authorization = `Bearer ${token}`;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(`${stack.url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? safeJson(text) : undefined };
    },
    async stop() {
      await stop();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
