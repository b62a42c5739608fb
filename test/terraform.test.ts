// biome-ignore-all lint/suspicious/noTemplateCurlyInString: HCL interpolations ("${var.x}") are compared as plain text here.
/**
 * Checks the Terraform and Hosting configuration against the code it deploys.
 * Google Cloud cannot be reached here, so the HCL is parsed (test/infra/hcl.ts) and
 * compared with the config loader in functions/src, config/queue.json and
 * firebase.json: the mistakes that would otherwise only show up as a failed or
 * insecure deploy. test/infra holds the data-driven checks over every function.
 *
 * Longer than most files: one check per setting the code and Terraform share.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '@agent-platform/functions/host';
import {
  type Block,
  EXAMPLE_DIR,
  functionsOf,
  loadDir,
  MODULE_DIR,
  nested,
  ROOT,
  reference,
  resolveLocal,
  resource,
  type TfDir,
  tf,
  variable,
} from './infra/hcl';

const root = ROOT;
const moduleDir = MODULE_DIR;
const exampleDir = EXAMPLE_DIR;

/** Config/queue.json values as Terraform reads them: `${local.queue_config.x.y}` → value. */
function queueValue(hcl: TfDir['hcl'], expr: unknown): unknown {
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

let mod: TfDir;
let example: TfDir;
const firebase = JSON.parse(readFileSync(path.join(root, 'firebase.json'), 'utf8'));

beforeAll(async () => {
  mod = await loadDir(moduleDir);
  example = await loadDir(exampleDir);
});

describe('functions', () => {
  test('Cloud Run service names are the prefixed kebab-case entry points', () => {
    const kebab = (x: string) => x.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
    const fns = functionsOf(mod.hcl);
    expect(fns.length).toBeGreaterThan(3);
    for (const fn of fns) expect(fn.key).toBe(kebab(fn.entryPoint));
    expect(resource(mod.hcl, 'google_cloudfunctions2_function', 'fn').name).toBe(tf('local.service_names[each.key]'));
  });

  test('the budget and run limits default to the same values as the functions', () => {
    const type = String(variable(mod.hcl, 'limits').type);
    const tfDefault = (name: string) =>
      Number(new RegExp(`${name}\\s*=\\s*optional\\(number,\\s*([0-9e.]+)\\)`).exec(type)?.[1]);
    const unsetByDefault = (name: string) => new RegExp(`${name}\\s*=\\s*optional\\(number\\)`).test(type);
    const config = loadConfig({ PLATFORM_ENV: 'test' });
    expect({
      budget: tfDefault('user_monthly_budget_usd'),
      guest: tfDefault('guest_monthly_budget_usd'),
      platformUnset: unsetByDefault('platform_monthly_budget_usd'),
      tokensUnset: unsetByDefault('user_monthly_token_budget'),
      concurrent: tfDefault('user_max_concurrent_runs'),
      agents: tfDefault('user_max_agents'),
      maxInput: tfDefault('run_max_input_tokens'),
      timeout: tfDefault('run_timeout_seconds'),
      maxOutput: tfDefault('run_max_output_tokens'),
      lease: tfDefault('run_lease_seconds'),
      chat: tfDefault('chat_turns_per_minute'),
      runNow: tfDefault('run_now_per_minute'),
      lookahead: tfDefault('tick_lookahead_minutes'),
    }).toEqual({
      budget: config.budget.userUsd,
      guest: config.budget.guestUsd,
      platformUnset: config.budget.platformUsd === undefined,
      tokensUnset: config.budget.userMonthlyTokens === undefined,
      concurrent: config.budget.maxConcurrentRuns,
      agents: config.budget.maxAgents,
      maxInput: config.run.maxInputTokens,
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
  test('every firebase.json rewrite is a run rewrite to a public function in the region Terraform deploys to', () => {
    const publicOnes = functionsOf(mod.hcl)
      .filter((f) => f.access === 'public')
      .map((f) => f.key);
    const region = variable(example.hcl, 'region').default;
    const runRewrites = firebase.hosting.rewrites.filter((r: Block) => r.run);
    expect(runRewrites.length).toBeGreaterThan(0);
    // A `function` rewrite makes the CLI look the function up by its own name, which the
    // name prefix changes; deploy.sh rewrites run serviceIds instead.
    expect(firebase.hosting.rewrites.some((r: Block) => r.function)).toBe(false);
    for (const r of runRewrites) {
      expect(publicOnes).toContain(r.run.serviceId);
      expect(r.run.region).toBe(region);
    }
    expect(variable(mod.hcl, 'region').default).toBe(region);
  });

  test('the CSP allows only self-hosted scripts (and Google sign-in, reCAPTCHA for App Check), never inline ones', () => {
    const all = firebase.hosting.headers.find((h: Block) => h.source === '**');
    const csp: string = all.headers.find((h: Block) => h.key === 'Content-Security-Policy').value;
    const directive = (name: string) =>
      csp
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `));
    // reCAPTCHA's paths as Google's CSP guidance lists them (https://developers.google.com/recaptcha/docs/faq).
    expect(directive('script-src')).toBe(
      "script-src 'self' https://apis.google.com https://www.google.com/recaptcha/ https://www.gstatic.com/recaptcha/",
    );
    expect(directive('frame-src')).toContain('https://www.google.com/recaptcha/');
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
    // The name in config/queue.json, behind the deployment's prefix.
    expect(mod.hcl.locals.queue_name).toBe(
      tf('coalesce(var.tasks_queue_name, "${var.name_prefix}-${local.queue_config.name}")'),
    );
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

  test('the OIDC audience of every task is the runAgent URL that the enqueuers are given', () => {
    const queue = resource(mod.hcl, 'google_cloud_tasks_queue', 'runs');
    const url = tf('local.function_urls["run-agent"]');
    const oidc = nested(queue, 'http_target', 'oidc_token');
    expect(oidc.audience).toBe(url);
    expect(oidc.service_account_email).toBe(tf('google_service_account.tasks_invoker.email'));
    expect(nested(queue, 'http_target', 'uri_override').uri_override_enforce_mode).toBe('ALWAYS');
    const common = mod.hcl.locals.common_env as Record<string, string>;
    expect(common.TASKS_INVOKER_SERVICE_ACCOUNT).toBe(oidc.service_account_email);
    expect(common.RUN_AGENT_URL).toBe(url);
    // Cloud Run's deterministic URL: service name, project number, region.
    expect(String(resolveLocal(mod.hcl, 'local.function_urls'))).toContain(
      'https://${local.service_names[name]}-${data.google_project.this.number}.${var.region}.run.app',
    );
  });

  test('the Anthropic key reaches functions only through Secret Manager and never lands in state', () => {
    const mounted = [...mod.text.matchAll(/key\s*=\s*"ANTHROPIC_API_KEY"/g)].length;
    expect(mounted).toBe(1); // one dynamic block, for the functions with the anthropic_key grant
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
    const readers = functionsOf(mod.hcl)
      .filter((f) => f.grants.includes('anthropic_key'))
      .map((f) => f.key);
    expect(readers).toEqual(['chat', 'run-agent', 'chat-turn']);
    expect(readFileSync(path.join(exampleDir, 'terraform.tfvars.example'), 'utf8')).not.toMatch(/^\s*anthropic/m);
  });

  test('App Check, when enforced: a reCAPTCHA key registered as the web app’s provider, the flag on the public functions, the key for the web app', () => {
    const on = 'var.enforce_app_check ? 1 : 0';
    const key = resource(mod.hcl, 'google_recaptcha_enterprise_key', 'web');
    const provider = resource(mod.hcl, 'google_firebase_app_check_recaptcha_enterprise_config', 'web');
    const wait = resource(mod.hcl, 'time_sleep', 'web_app_known');
    for (const r of [key, provider, wait]) expect(r.count).toBe(tf(on));
    expect(nested(key, 'web_settings').integration_type).toBe('SCORE');
    expect(provider.site_key).toBe(tf('google_recaptcha_enterprise_key.web[0].name'));
    expect(provider.app_id).toBe(tf('google_firebase_web_app.web.app_id'));
    expect(provider.depends_on).toEqual([tf('time_sleep.web_app_known')]);
    expect(String(mod.hcl.locals.services)).toContain('recaptchaenterprise.googleapis.com');
    expect(mod.hcl.locals.public_env).toMatchObject({ APP_CHECK_ENFORCE: tf('tostring(var.enforce_app_check)') });
    expect(mod.hcl.locals.common_env).not.toHaveProperty('APP_CHECK_ENFORCE');
    expect(variable(mod.hcl, 'enforce_app_check').default).toBe(false);
    expect(mod.hcl.output.app_check_site_key).toBeDefined();
    expect(example.hcl.output.app_check_site_key).toBeDefined();
  });

  test('localhost may sign in (or pass reCAPTCHA) only where a development variable says so', () => {
    const auth = resource(mod.hcl, 'google_identity_platform_config', 'auth');
    expect(auth.authorized_domains).toBe(tf('local.web_domains'));
    const key = resource(mod.hcl, 'google_recaptcha_enterprise_key', 'web');
    expect(nested(key, 'web_settings')).toMatchObject({
      allowed_domains: tf('local.web_domains'),
      allow_all_domains: false,
    });
    const domains = String(mod.hcl.locals.web_domains);
    expect(domains).toContain('var.allow_localhost_sign_in ? ["localhost"] : []');
    expect(domains.replace('var.allow_localhost_sign_in ? ["localhost"] : []', '')).not.toContain('localhost');
    expect(variable(mod.hcl, 'allow_localhost_sign_in').default).toBe(false);
    expect(variable(example.hcl, 'allow_localhost_sign_in').default).toBe(false);
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
    // firestore.indexes.json's index exemptions (fieldOverrides) are deployed with it too.
    expect(mod.hcl.resource.google_firestore_field).toBeUndefined();
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

  test('providers are pinned: google and google-beta 7.x from 7.45 (deletion_policy), time for the waits', () => {
    for (const text of [mod.text, example.text]) {
      expect(text).toMatch(/source\s*=\s*"hashicorp\/google"\s*\n\s*version\s*=\s*"~> 7\.45"/);
      expect(text).toMatch(/source\s*=\s*"hashicorp\/google-beta"\s*\n\s*version\s*=\s*"~> 7\.45"/);
      expect(text).toMatch(/source\s*=\s*"hashicorp\/time"\s*\n\s*version\s*=\s*"~> 0\.\d+"/);
    }
  });

  test('every variable the module takes is passed through by the example environment', () => {
    const text = example.text;
    for (const name of Object.keys(mod.hcl.variable)) {
      expect({ name, passed: new RegExp(`^\\s*${name}\\s*=`, 'm').test(text) }).toEqual({ name, passed: true });
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
