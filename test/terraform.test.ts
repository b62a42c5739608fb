/**
 * Checks the Terraform and Hosting configuration against the code it deploys.
 * Google Cloud cannot be reached here, so the HCL is parsed (with @cdktf/hcl2json)
 * and compared with functions/src/index.ts, functions/src/shared/config.ts,
 * config/queue.json and firebase.json: the mistakes that would otherwise only show
 * up as a failed or insecure deploy.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@agent-platform/functions/host';
import { parse } from '@cdktf/hcl2json';

const root = path.resolve(__dirname, '..');
const moduleDir = path.join(root, 'terraform/modules/platform');
const exampleDir = path.join(root, 'terraform/environments/example');

type Block = Record<string, unknown>;
interface Hcl {
  resource: Record<string, Record<string, Block[]>>;
  data: Record<string, Record<string, Block[]>>;
  variable: Record<string, Block[]>;
  output: Record<string, Block[]>;
  locals: Record<string, unknown>;
}

/** Parses every .tf file of a directory into one merged document. */
async function loadDir(dir: string): Promise<{ hcl: Hcl; text: string }> {
  const hcl: Hcl = { resource: {}, data: {}, variable: {}, output: {}, locals: {} };
  let text = '';
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.tf'))) {
    const source = readFileSync(path.join(dir, file), 'utf8');
    text += `${source}\n`;
    const doc = (await parse(file, source)) as Record<string, unknown>;
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries((doc[kind] ?? {}) as Record<string, Record<string, Block[]>>)) {
        hcl[kind][type] = { ...hcl[kind][type], ...byName };
      }
    }
    Object.assign(hcl.variable, doc.variable ?? {});
    Object.assign(hcl.output, doc.output ?? {});
    for (const locals of (doc.locals ?? []) as Record<string, unknown>[]) Object.assign(hcl.locals, locals);
  }
  return { hcl, text };
}

/** The single block of a resource, failing clearly when it is missing. */
function resource(hcl: Hcl, type: string, name: string): Block {
  const block = hcl.resource[type]?.[name]?.[0];
  if (!block) throw new Error(`terraform has no ${type}.${name}`);
  return block;
}

/** An HCL interpolation as hcl2json renders it: tf('var.x') → "${var.x}". */
const tf = (expr: string) => `\${${expr}}`;

/** The block of a variable, failing clearly when it is missing. */
function variable(hcl: Hcl, name: string): Block {
  const block = hcl.variable[name]?.[0];
  if (!block) throw new Error(`terraform has no variable ${name}`);
  return block;
}

/** First element of a nested block list (`build_config[0]`). */
function nested(block: Block, ...keys: string[]): Block {
  let current: unknown = block;
  for (const key of keys) {
    const next = (current as Record<string, unknown>)[key];
    current = Array.isArray(next) ? next[0] : next;
    if (current === undefined) throw new Error(`missing ${keys.join('.')}`);
  }
  return current as Block;
}

/** `"${expr}"` → `expr`, or undefined for a literal. */
function reference(value: unknown): string | undefined {
  return typeof value === 'string' ? /^\$\{([^{}]*)\}$/.exec(value)?.[1]?.trim() : undefined;
}

/** Follows `local.a.b` / `local.a["b"]` through literal locals. */
function resolveLocal(hcl: Hcl, ref: string): unknown {
  const parts = ref
    .replace(/\["([^"]+)"\]/g, '.$1')
    .split('.')
    .slice(1);
  let current: unknown = hcl.locals;
  for (const part of parts) current = (current as Record<string, unknown> | undefined)?.[part];
  return current;
}

/** Config/queue.json values as Terraform reads them: `${local.queue_config.x.y}` → value. */
function queueValue(hcl: Hcl, expr: unknown): unknown {
  const ref = reference(expr) ?? (typeof expr === 'string' ? /^\$\{([^}]+)\}s$/.exec(expr)?.[1] : undefined);
  const match = ref && /^local\.queue_config\.(.+)$/.exec(ref);
  if (!match?.[1]) throw new Error(`expected a reference to local.queue_config, got ${String(expr)}`);
  const source = String(hcl.locals.queue_config);
  const file = /^\$\{jsondecode\(file\("\$\{path\.module\}\/([^"]+)"\)\)\}$/.exec(source)?.[1];
  if (!file) throw new Error(`local.queue_config is not jsondecode(file(...)): ${source}`);
  let value: unknown = JSON.parse(readFileSync(path.join(moduleDir, file), 'utf8'));
  for (const part of match[1].split('.')) value = (value as Record<string, unknown>)[part];
  return value;
}

interface DeployedFunction {
  service: string;
  entryPoint: string;
  runtime: unknown;
  block: Block;
}

/** Every Cloud Run function Terraform deploys, one per for_each instance. */
function deployedFunctions(hcl: Hcl): DeployedFunction[] {
  const out: DeployedFunction[] = [];
  for (const [, blocks] of Object.entries(hcl.resource.google_cloudfunctions2_function ?? {})) {
    const block = blocks[0] as Block;
    const build = nested(block, 'build_config');
    const forEach = reference(block.for_each);
    if (forEach) {
      const instances = resolveLocal(hcl, forEach) as Record<string, Record<string, unknown>>;
      for (const [key, value] of Object.entries(instances)) {
        const pick = (v: unknown) =>
          reference(v) === 'each.key'
            ? key
            : reference(v)?.startsWith('each.value.')
              ? value[reference(v)!.slice(11)]
              : v;
        out.push({
          service: String(pick(block.name)),
          entryPoint: String(pick(build.entry_point)),
          runtime: build.runtime,
          block,
        });
      }
    } else {
      const pick = (v: unknown) => (reference(v)?.startsWith('local.') ? resolveLocal(hcl, reference(v)!) : v);
      out.push({
        service: String(pick(block.name)),
        entryPoint: String(pick(build.entry_point)),
        runtime: build.runtime,
        block,
      });
    }
  }
  return out;
}

/** Every `role` value anywhere in the configuration. */
function allRoles(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) allRoles(item, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'role' && typeof value === 'string') found.push(value);
      else allRoles(value, found);
    }
  }
  return found;
}

let mod: { hcl: Hcl; text: string };
let example: { hcl: Hcl; text: string };
const firebase = JSON.parse(readFileSync(path.join(root, 'firebase.json'), 'utf8'));

beforeAll(async () => {
  mod = await loadDir(moduleDir);
  example = await loadDir(exampleDir);
});

describe('functions', () => {
  const registered = [
    ...readFileSync(path.join(root, 'functions/src/index.ts'), 'utf8').matchAll(
      /\b(?:http|cloudEvent)\(\s*['"]([^'"]+)['"]/g,
    ),
  ].map((m) => m[1]);

  test('every function registered in functions/src/index.ts is deployed with its entry point on nodejs22', () => {
    expect(registered.length).toBeGreaterThan(0);
    const deployed = deployedFunctions(mod.hcl);
    for (const name of registered) {
      const fn = deployed.find((d) => d.entryPoint === name);
      expect({ name, deployed: Boolean(fn), runtime: fn?.runtime }).toEqual({
        name,
        deployed: true,
        runtime: 'nodejs22',
      });
    }
    // Nothing deployed that the code does not register (it would fail at start).
    expect(deployed.map((d) => d.entryPoint).sort()).toEqual([...registered].sort());
  });

  test('Cloud Run service names are the kebab-case entry points', () => {
    const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    for (const fn of deployedFunctions(mod.hcl)) expect(fn.service).toBe(kebab(fn.entryPoint));
  });

  test('each bundle is uploaded under an object name holding its content hash, so a change redeploys', () => {
    const archive = mod.hcl.data.archive_file?.source?.[0] as Block;
    expect(archive.source_dir).toBe(`${tf('var.functions_dist_dir')}/${tf('each.value.entry_point')}`);
    const object = resource(mod.hcl, 'google_storage_bucket_object', 'source');
    expect(String(object.name)).toMatch(
      /\$\{data\.archive_file\.source\[each\.key\]\.output_(sha256|md5|base64sha256)\}/,
    );
    for (const fn of deployedFunctions(mod.hcl)) {
      const storage = nested(fn.block, 'build_config', 'source', 'storage_source');
      expect(String(storage.object)).toMatch(/^\$\{google_storage_bucket_object\.source\[/);
    }
  });

  test('tick is triggered by the Scheduler topic and its failures are not retried', () => {
    const tick = deployedFunctions(mod.hcl).find((d) => d.entryPoint === 'tick')!;
    const trigger = (tick.block.dynamic as Record<string, Block[]>).event_trigger?.[0] as Block;
    const content = nested(trigger, 'content');
    expect(trigger.for_each).toBe(tf('each.key == "tick" ? [1] : []'));
    expect(content.event_type).toBe('google.cloud.pubsub.topic.v1.messagePublished');
    expect(content.retry_policy).toBe('RETRY_POLICY_DO_NOT_RETRY');
    expect(content.pubsub_topic).toBe(tf('google_pubsub_topic.tick.id'));
    const job = resource(mod.hcl, 'google_cloud_scheduler_job', 'tick');
    expect(nested(job, 'pubsub_target').topic_name).toBe(tf('google_pubsub_topic.tick.id'));
    expect(job.time_zone).toBeDefined();
    expect(variable(mod.hcl, 'tick_schedule').default).toBe('* * * * *');
    expect(JSON.stringify(job)).not.toContain('attempt_deadline');
  });

  test('every environment variable Terraform sets is one functions/src/shared/config.ts reads', () => {
    const configSource = readFileSync(path.join(root, 'functions/src/shared/config.ts'), 'utf8');
    const known = new Set([...configSource.matchAll(/^\s+([A-Z][A-Z0-9_]+):\s*(?:z\.|int\()/gm)].map((m) => m[1]));
    const env = Object.keys(mod.hcl.locals.common_env as object);
    expect(env.length).toBeGreaterThan(5);
    for (const key of [...env, 'RUN_AGENT_URL', 'ANTHROPIC_API_KEY'])
      expect({ key, known: known.has(key) }).toEqual({ key, known: true });
  });

  test('the budget and run limits default to the same values as the functions', () => {
    const type = String(variable(mod.hcl, 'limits').type);
    const tfDefault = (name: string) =>
      Number(new RegExp(`${name}\\s*=\\s*optional\\(number,\\s*([0-9e.]+)\\)`).exec(type)?.[1]);
    const config = loadConfig({ PLATFORM_ENV: 'test' });
    expect({
      budget: tfDefault('user_monthly_token_budget'),
      timeout: tfDefault('run_timeout_seconds'),
      maxOutput: tfDefault('run_max_output_tokens'),
      lease: tfDefault('run_lease_seconds'),
      chat: tfDefault('chat_turns_per_minute'),
      runNow: tfDefault('run_now_per_minute'),
      lookahead: tfDefault('tick_lookahead_minutes'),
    }).toEqual({
      budget: config.budget.userMonthlyTokens,
      timeout: config.run.timeoutSeconds,
      maxOutput: config.run.maxOutputTokens,
      lease: config.run.leaseSeconds,
      chat: config.chat.turnsPerMinute,
      runNow: config.run.runNowPerMinute,
      lookahead: config.tick.lookaheadMinutes,
    });
  });
});

describe('hosting', () => {
  test('every firebase.json rewrite names a public service Terraform creates in its region', () => {
    const services = new Set(deployedFunctions(mod.hcl).map((d) => d.service));
    const publicOnes = resolveLocal(mod.hcl, 'local.public_functions') as string[];
    const region = variable(example.hcl, 'region').default;
    const runRewrites = firebase.hosting.rewrites.filter((r: Block) => r.run);
    expect(runRewrites.length).toBeGreaterThan(0);
    expect(firebase.hosting.rewrites.some((r: Block) => r.function)).toBe(false);
    for (const r of runRewrites) {
      expect({ service: r.run.serviceId, created: services.has(r.run.serviceId) }).toEqual({
        service: r.run.serviceId,
        created: true,
      });
      expect(publicOnes).toContain(r.run.serviceId);
      expect(r.run.region).toBe(region);
    }
    expect(variable(mod.hcl, 'region').default).toBe(region);
  });

  test('the CSP allows only self-hosted scripts (and Google sign-in), never inline ones', () => {
    const all = firebase.hosting.headers.find((h: Block) => h.source === '**');
    const csp: string = all.headers.find((h: Block) => h.key === 'Content-Security-Policy').value;
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `));
    expect(directive('script-src')).toBe("script-src 'self' https://apis.google.com");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(directive('connect-src')).toContain('https://*.googleapis.com');
    expect(directive('frame-src')).toContain('https://accounts.google.com');
    expect(directive('object-src')).toBe("object-src 'none'");
  });

  test('hashed assets are cached for a year and everything else, index.html included, revalidates', () => {
    const rules: { source: string; headers: { key: string; value: string }[] }[] = firebase.hosting.headers;
    // Hosting applies every matching rule and the last one wins (firebase-tools#8917).
    const cacheFor = (urlPath: string) => {
      let value: string | undefined;
      for (const rule of rules) {
        const re = new RegExp(`^${rule.source.replace(/\*\*/g, '.*').replace(/(?<!\.)\*/g, '[^/]*')}$`);
        const header = rule.headers.find((h) => h.key === 'Cache-Control');
        if (header && re.test(urlPath)) value = header.value;
      }
      return value;
    };
    expect(cacheFor('/assets/index-3f9a1c.js')).toBe('public, max-age=31536000, immutable');
    expect(cacheFor('/index.html')).toBe('no-cache');
    expect(cacheFor('/agents/abc')).toBe('no-cache');
  });
});

describe('queue', () => {
  test('rate, retry and backoff equal the settings the local Tasks stand-in runs with', () => {
    const queue = resource(mod.hcl, 'google_cloud_tasks_queue', 'runs');
    const rate = nested(queue, 'rate_limits');
    const retry = nested(queue, 'retry_config');
    const seconds = (v: unknown) => Number(queueValue(mod.hcl, v));
    const local = loadConfig({ PLATFORM_ENV: 'test' }).queue;
    expect({
      maxDispatchesPerSecond: queueValue(mod.hcl, rate.max_dispatches_per_second),
      maxConcurrentDispatches: queueValue(mod.hcl, rate.max_concurrent_dispatches),
      maxAttempts: queueValue(mod.hcl, retry.max_attempts),
      maxRetryDurationSeconds: seconds(retry.max_retry_duration),
      minBackoffSeconds: seconds(retry.min_backoff),
      maxBackoffSeconds: seconds(retry.max_backoff),
      maxDoublings: queueValue(mod.hcl, retry.max_doublings),
    }).toEqual({ ...local.rateLimits, ...local.retryConfig });
    // Durations go to the API as "<n>s".
    expect(retry.min_backoff).toMatch(/\}s$/);
    expect(mod.hcl.locals.queue_name).toBe(tf('coalesce(var.tasks_queue_name, local.queue_config.name)'));
    expect(queueValue(mod.hcl, tf('local.queue_config.name'))).toBe(local.name);
  });

  test('runAgent is not cut off before Cloud Tasks stops waiting for it', () => {
    const runAgent = mod.hcl.locals.run_agent as Block;
    expect(queueValue(mod.hcl, runAgent.timeout_seconds)).toBe(
      loadConfig({ PLATFORM_ENV: 'test' }).queue.dispatchDeadlineSeconds,
    );
  });
});

describe('security', () => {
  test('no primitive role (owner, editor, viewer) is granted anywhere', () => {
    const roles = [...allRoles(mod.hcl.resource), ...allRoles(example.hcl.resource)];
    expect(roles.length).toBeGreaterThan(5);
    for (const role of roles) expect(['roles/owner', 'roles/editor', 'roles/viewer']).not.toContain(role);
  });

  test('runAgent is private: only the Tasks invoker may call it, never allUsers', () => {
    const runAgent = resource(mod.hcl, 'google_cloudfunctions2_function', 'run_agent');
    expect(nested(runAgent, 'service_config').ingress_settings).toBe('ALLOW_INTERNAL_ONLY');
    const grants = Object.values(mod.hcl.resource.google_cloud_run_v2_service_iam_member ?? {}).map(
      (b) => b[0] as Block,
    );
    const onRunAgent = grants.filter((g) => String(g.name).includes('google_cloudfunctions2_function.run_agent'));
    expect(onRunAgent.map((g) => [g.role, g.member])).toEqual([
      ['roles/run.invoker', tf('google_service_account.tasks_invoker.member')],
    ]);
    const publicGrants = grants.filter((g) => g.member === 'allUsers');
    expect(publicGrants.length).toBeGreaterThan(0);
    for (const g of publicGrants) {
      expect(g.for_each).toBe(tf('toset(local.public_functions)'));
      expect(g.name).toBe(tf('google_cloudfunctions2_function.edge[each.key].name'));
    }
    expect(resolveLocal(mod.hcl, 'local.public_functions')).not.toContain('run-agent');
    expect(mod.text).not.toMatch(/allAuthenticatedUsers/);
  });

  test('the OIDC audience of every task is the runAgent URL that the enqueuers are given', () => {
    const queue = resource(mod.hcl, 'google_cloud_tasks_queue', 'runs');
    const uri = tf('google_cloudfunctions2_function.run_agent.service_config[0].uri');
    const oidc = nested(queue, 'http_target', 'oidc_token');
    expect(oidc.audience).toBe(uri);
    expect(oidc.service_account_email).toBe(tf('google_service_account.tasks_invoker.email'));
    expect(nested(queue, 'http_target', 'uri_override').uri_override_enforce_mode).toBe('ALWAYS');
    const common = mod.hcl.locals.common_env as Record<string, string>;
    expect(common.TASKS_INVOKER_SERVICE_ACCOUNT).toBe(oidc.service_account_email);
    const edge = resource(mod.hcl, 'google_cloudfunctions2_function', 'edge');
    expect(String(nested(edge, 'service_config').environment_variables)).toMatch(
      /RUN_AGENT_URL\s*=\s*google_cloudfunctions2_function\.run_agent\.service_config\[0\]\.uri\b/,
    );
  });

  test('the Anthropic key reaches functions only through Secret Manager and never lands in state', () => {
    const mounted = [...mod.text.matchAll(/key\s*=\s*"ANTHROPIC_API_KEY"/g)].length;
    expect(mounted).toBe(2); // run_agent and the dynamic block for chat
    // Never a plain environment variable.
    expect(mod.text).not.toMatch(/\bANTHROPIC_API_KEY\s*=/);
    expect(Object.keys(mod.hcl.locals.common_env as object)).not.toContain('ANTHROPIC_API_KEY');
    expect(mod.text).not.toMatch(/\bsecret_data\s*=/);
    const version = resource(mod.hcl, 'google_secret_manager_secret_version', 'anthropic_api_key');
    expect(version.secret_data_wo).toBe(tf('var.anthropic_api_key'));
    for (const dir of [mod, example]) {
      const key = dir.hcl.variable.anthropic_api_key?.[0] as Block;
      expect({ sensitive: key.sensitive, ephemeral: key.ephemeral, default: key.default }).toEqual({
        sensitive: true,
        ephemeral: true,
        default: undefined,
      });
    }
    // Used once, as the write-only value (plus its own validation).
    expect(mod.text.match(/var\.anthropic_api_key\b/g)?.length).toBe(2);
    expect(resolveLocal(mod.hcl, 'local.uses_anthropic')).toEqual(['chat', 'run-agent']);
    const accessor = resource(mod.hcl, 'google_secret_manager_secret_iam_member', 'anthropic_accessor');
    expect(accessor.for_each).toBe(tf('toset(local.uses_anthropic)'));
    expect(readFileSync(path.join(exampleDir, 'terraform.tfvars.example'), 'utf8')).not.toMatch(/^\s*anthropic/m);
  });
});

describe('ownership', () => {
  test('Firestore rules and indexes are left to firebase deploy, which firebase.json points at', () => {
    for (const type of ['google_firestore_index', 'google_firebaserules_ruleset', 'google_firebaserules_release']) {
      expect({ type, managed: type in mod.hcl.resource }).toEqual({ type, managed: false });
    }
    expect(firebase.firestore).toEqual({ rules: 'firestore.rules', indexes: 'firestore.indexes.json' });
    const db = resource(mod.hcl, 'google_firestore_database', 'default');
    expect([db.type, db.delete_protection_state]).toEqual(['FIRESTORE_NATIVE', 'DELETE_PROTECTION_ENABLED']);
  });
});

describe('variables', () => {
  test('every variable has a type and a description', () => {
    for (const [dir, { hcl }] of [
      ['module', mod],
      ['example', example],
    ] as const) {
      const vars = Object.entries(hcl.variable);
      expect(vars.length).toBeGreaterThan(3);
      for (const [name, blocks] of vars) {
        const v = blocks[0] as Block;
        expect({ dir, name, type: typeof v.type, description: typeof v.description }).toEqual({
          dir,
          name,
          type: 'string',
          description: 'string',
        });
        expect(String(v.description).length).toBeGreaterThan(15);
      }
    }
  });

  test('the budget and model settings are validated', () => {
    const limits = mod.hcl.variable.limits?.[0] as Block;
    const conditions = (limits.validation as Block[]).map((v) => String(v.condition));
    for (const field of [
      'user_monthly_token_budget',
      'run_timeout_seconds',
      'run_max_output_tokens',
      'chat_turns_per_minute',
      'run_now_per_minute',
      'run_lease_seconds',
    ]) {
      expect(conditions.some((c) => c.includes(`var.limits.${field}`))).toBe(true);
    }
  });

  test('providers are pinned to google and google-beta 7.x', () => {
    for (const text of [mod.text, example.text]) {
      expect(text).toMatch(/source\s*=\s*"hashicorp\/google"\s*\n\s*version\s*=\s*"~> 7\.0"/);
      expect(text).toMatch(/source\s*=\s*"hashicorp\/google-beta"\s*\n\s*version\s*=\s*"~> 7\.0"/);
    }
  });
});

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const hasTerraform = terraform.status === 0;

describe('formatting', () => {
  (hasTerraform ? test : test.skip)('terraform fmt -check finds nothing to change (needs the terraform binary)', () => {
    const fmt = spawnSync('terraform', ['fmt', '-check', '-recursive', 'terraform'], { cwd: root, encoding: 'utf8' });
    expect({ status: fmt.status, files: fmt.stdout.trim() }).toEqual({ status: 0, files: '' });
  });
});

describe('deploy script', () => {
  test('stops before building anything when gcloud is missing, and says how to get it', () => {
    const bin = mkdtempSync(path.join(tmpdir(), 'deploy-bin-'));
    // A PATH with node and bash but no gcloud, terraform or npm.
    for (const tool of ['node', 'bash', 'dirname', 'cat', 'uname']) {
      const found = spawnSync('bash', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
      if (found) writeFileSync(path.join(bin, tool), `#!/bin/sh\nexec ${found} "$@"\n`, { mode: 0o755 });
    }
    const run = spawnSync(path.join(bin, 'bash'), [path.join(root, 'scripts/deploy.sh')], {
      cwd: root,
      encoding: 'utf8',
      env: { PATH: bin, HOME: bin, GOOGLE_CLOUD_PROJECT: 'demo-project', ANTHROPIC_API_KEY: 'sk-test' },
    });
    rmSync(bin, { recursive: true, force: true });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/gcloud/);
    expect(run.stderr).toMatch(/https:\/\/cloud\.google\.com\/sdk/);
    expect(run.stdout + run.stderr).not.toMatch(/npm run build|terraform init/i);
  });
});
