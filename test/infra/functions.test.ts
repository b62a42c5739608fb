// biome-ignore-all lint/suspicious/noTemplateCurlyInString: HCL interpolations ("${var.x}") are compared as plain text here.
/**
 * Every function the code registers is deployed, built, reachable the way its kind
 * needs, and nothing else is; names carry the deployment's prefix; on a fresh project
 * nothing is created before its API is on and no function before its grants have
 * propagated; every environment variable and secret the code reads is provided.
 *
 * Data-driven: a function added to functions/src/index.ts fails here until it has its
 * entry in terraform/modules/platform/locals.tf, and then until everything that entry
 * implies (bundle, account, rewrite or invoker, queue) is in place.
 *
 * Longer than most files: one check per deployment property, over one shared reading
 * of the Terraform module.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configLoaderFile, envKeys, envReadsOutsideLoader, registrations } from './code';
import {
  type Block,
  dependencyGraph,
  dependsOn,
  evalCondition,
  type Fn,
  functionsOf,
  grantsOf,
  type Hcl,
  loadDir,
  MODULE_DIR,
  nested,
  ROOT,
  reference,
  resolveLocal,
  resource,
  type TfDir,
  tf,
  unprefixed,
  variable,
} from './hcl';

let mod: TfDir;
let fns: Fn[];
const firebase = JSON.parse(readFileSync(path.join(ROOT, 'firebase.json'), 'utf8'));
const registered = registrations();
const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

beforeAll(async () => {
  mod = await loadDir(MODULE_DIR);
  fns = functionsOf(mod.hcl);
});

const fnResource = () => resource(mod.hcl, 'google_cloudfunctions2_function', 'fn');

/** Evaluates `each.value.access == "x" ? "A" : "B"`-shaped attributes for one function. */
function perFunction(value: unknown, fn: Fn): unknown {
  const expr = reference(value);
  if (!expr) return value;
  const cond = /^([\s\S]+?)\s*\?\s*("[^"]*"|\[[^\]]*\])\s*:\s*("[^"]*"|\[[^\]]*\])$/.exec(expr);
  if (!cond) throw new Error(`unsupported per-function expression: ${expr}`);
  const chosen = evalCondition(mod.hcl, (cond[1] as string).replace(/\beach\.value\b/g, 'f'), { f: fn.spec })
    ? cond[2]
    : cond[3];
  return JSON.parse(chosen as string);
}

describe('every function registered in functions/src/index.ts', () => {
  test('the registrations can be read', () => {
    expect(registered.length).toBeGreaterThan(0);
    for (const r of registered)
      expect({ name: r.name, module: Boolean(r.module) }).toEqual({ name: r.name, module: true });
  });

  test('has exactly one Terraform function, keyed by its kebab-case name, whose access fits its kind', () => {
    const problems: string[] = [];
    for (const r of registered) {
      const matches = fns.filter((f) => f.entryPoint === r.name);
      if (matches.length !== 1) {
        problems.push(`${r.name}: ${matches.length} entries in local.functions (terraform/modules/platform/locals.tf)`);
        continue;
      }
      const fn = matches[0] as Fn;
      if (fn.key !== kebab(r.name)) problems.push(`${r.name}: key ${fn.key}, expected ${kebab(r.name)}`);
      const fits = r.kind === 'cloudEvent' ? fn.access === 'pubsub' : fn.access === 'public' || fn.access === 'tasks';
      if (!fits) problems.push(`${r.name}: a ${r.kind} function cannot have access "${fn.access}"`);
    }
    expect(problems).toEqual([]);
  });

  test('nothing is deployed that the code does not register (it would fail to start)', () => {
    expect(fns.map((f) => f.entryPoint).sort()).toEqual(registered.map((r) => r.name).sort());
    expect(Object.keys(mod.hcl.resource.google_cloudfunctions2_function ?? {})).toEqual(['fn']);
    expect(fnResource().for_each).toBe(tf('local.functions'));
  });

  test('has a bundle: the build makes one per registration and Terraform zips that folder', () => {
    const run = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const m = await import('./scripts/build-functions.mjs'); console.log(JSON.stringify(m.readRegistrations()));",
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(run.stderr).toBe('');
    const built = JSON.parse(run.stdout) as { name: string; module: string | undefined }[];
    for (const r of registered) {
      const b = built.find((x) => x.name === r.name);
      expect({ name: r.name, built: Boolean(b?.module) }).toEqual({ name: r.name, built: true });
    }
    const archive = mod.hcl.data.archive_file?.source?.[0] as Block;
    expect(archive.for_each).toBe(tf('local.functions'));
    expect(archive.source_dir).toBe(`${tf('var.functions_dist_dir')}/${tf('each.value.entry_point')}`);
    // The code cache comes from the function's own build with the runtime's Node, never from here.
    expect(archive.excludes).toEqual(['app.js.cache']);
    const build = nested(fnResource(), 'build_config');
    expect([build.runtime, build.entry_point]).toEqual(['nodejs22', tf('each.value.entry_point')]);
    expect(nested(build, 'source', 'storage_source').object).toBe(
      tf('google_storage_bucket_object.source[each.key].name'),
    );
  });

  test('public ones have a Hosting rewrite to their service and internet ingress; the others neither', () => {
    const rewrites = firebase.hosting.rewrites.filter((r: Block) => r.run) as { run: { serviceId: string } }[];
    const problems: string[] = [];
    for (const fn of fns) {
      const rewritten = rewrites.some((r) => r.run.serviceId === fn.key);
      const ingress = perFunction(nested(fnResource(), 'service_config').ingress_settings, fn);
      if (fn.access === 'public') {
        if (!rewritten) problems.push(`${fn.key} is public but no firebase.json rewrite reaches it`);
        if (ingress !== 'ALLOW_ALL') problems.push(`${fn.key} is public but its ingress is ${ingress}`);
      } else {
        if (rewritten) problems.push(`${fn.key} is ${fn.access}-only but a Hosting rewrite exposes it`);
        if (ingress !== 'ALLOW_INTERNAL_ONLY') problems.push(`${fn.key} is private but its ingress is ${ingress}`);
      }
    }
    for (const r of rewrites) {
      if (!fns.some((f) => f.key === r.run.serviceId)) problems.push(`rewrite to unknown service ${r.run.serviceId}`);
    }
    expect(problems).toEqual([]);
  });

  test('may be invoked only by whom its access says: allUsers, the tasks invoker or the Pub/Sub push account', () => {
    const invokers = grantsOf(mod.hcl).filter((g) => g.role === 'roles/run.invoker');
    const expected: Record<Fn['access'], string> = {
      public: 'allUsers',
      tasks: 'tasks-invoker',
      pubsub: 'pubsub-push',
    };
    for (const fn of fns) {
      expect({ fn: fn.key, invokers: invokers.filter((g) => g.on === `run:${fn.key}`).map((g) => g.account) }).toEqual({
        fn: fn.key,
        invokers: [expected[fn.access]],
      });
    }
    expect(invokers.every((g) => g.on.startsWith('run:'))).toBe(true);
    expect(mod.text).not.toMatch(/allAuthenticatedUsers/);
  });

  test('task workers are the target of a queue that signs its tokens for their own URL', () => {
    const queues = Object.values(mod.hcl.resource.google_cloud_tasks_queue ?? {}).map((b) => b[0] as Block);
    for (const fn of fns.filter((f) => f.access === 'tasks')) {
      const url = `local.function_urls["${fn.key}"]`;
      const queue = queues.find((q) => nested(q, 'http_target', 'oidc_token').audience === tf(url));
      expect({ fn: fn.key, queue: Boolean(queue) }).toEqual({ fn: fn.key, queue: true });
      const target = nested(queue as Block, 'http_target');
      expect(nested(target, 'uri_override').host).toBe(tf(`trimprefix(${url}, "https://")`));
      expect(nested(target, 'uri_override').uri_override_enforce_mode).toBe('ALWAYS');
      expect(nested(target, 'oidc_token').service_account_email).toBe(tf('google_service_account.tasks_invoker.email'));
    }
  });

  test('the Pub/Sub one is triggered by the Scheduler topic, without retries', () => {
    const pubsub = fns.filter((f) => f.access === 'pubsub');
    expect(pubsub.map((f) => f.key)).toEqual(['tick']);
    const trigger = (fnResource().dynamic as Record<string, Block[]>).event_trigger?.[0] as Block;
    expect(trigger.for_each).toBe(tf('each.value.access == "pubsub" ? [1] : []'));
    const content = nested(trigger, 'content');
    expect(content.event_type).toBe('google.cloud.pubsub.topic.v1.messagePublished');
    expect(content.retry_policy).toBe('RETRY_POLICY_DO_NOT_RETRY');
    expect(content.pubsub_topic).toBe(tf('google_pubsub_topic.tick.id'));
    expect(content.service_account_email).toBe(tf('google_service_account.pubsub_push.email'));
    const job = resource(mod.hcl, 'google_cloud_scheduler_job', 'tick');
    expect(nested(job, 'pubsub_target').topic_name).toBe(tf('google_pubsub_topic.tick.id'));
    // attempt_deadline applies to HTTP targets only and gives a permanent diff on Pub/Sub jobs.
    expect(JSON.stringify(job)).not.toContain('attempt_deadline');
  });

  test('runs as a service account of its own', () => {
    const sa = resource(mod.hcl, 'google_service_account', 'function');
    expect(sa.for_each).toBe(tf('local.functions'));
    expect(nested(fnResource(), 'service_config').service_account_email).toBe(
      tf('google_service_account.function[each.key].email'),
    );
    expect(nested(fnResource(), 'build_config').service_account).toBe(tf('google_service_account.build.id'));
  });

  test('can be sized: var.scaling accepts exactly the deployed functions', () => {
    const validation = (variable(mod.hcl, 'scaling').validation as Block[])[0] as Block;
    const listed = /contains\(\[([^\]]*)\]/.exec(String(validation.condition))?.[1] ?? '';
    expect(
      listed
        .match(/"([^"]+)"/g)
        ?.map((s) => s.slice(1, -1))
        .sort(),
    ).toEqual(fns.map((f) => f.key).sort());
  });
});

describe('names carry name_prefix, so two deployments can share a project', () => {
  /** Resource types that name something in the project, and the argument that holds the name. */
  const NAMED: Record<string, string> = {
    google_cloudfunctions2_function: 'name',
    google_service_account: 'account_id',
    google_secret_manager_secret: 'secret_id',
    google_pubsub_topic: 'name',
    google_cloud_scheduler_job: 'name',
    google_cloud_tasks_queue: 'name',
    google_storage_bucket: 'name',
    google_artifact_registry_repository: 'repository_id',
    google_firebase_web_app: 'display_name',
  };

  /** The expression with locals expanded, so `local.queue_name` counts when it holds the prefix. */
  function expanded(hcl: Hcl, value: unknown, depth = 0): string {
    let text = JSON.stringify(value);
    if (depth > 3) return text;
    for (const m of text.matchAll(/\blocal\.(\w+)/g)) text += expanded(hcl, hcl.locals[m[1] as string], depth + 1);
    return text;
  }

  test('every named resource of the module', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const [type, attribute] of Object.entries(NAMED)) {
      for (const [name, blocks] of Object.entries(mod.hcl.resource[type] ?? {})) {
        checked++;
        if (!expanded(mod.hcl, (blocks[0] as Block)[attribute]).includes('var.name_prefix'))
          missing.push(`${type}.${name}`);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(12);
    expect(missing).toEqual([]);
    // The names the code and deploy.sh see.
    expect(resolveLocal(mod.hcl, 'local.service_names')).toBe(
      tf('{ for name, f in local.functions : name => "${var.name_prefix}-${name}" }'),
    );
    expect(String(mod.hcl.locals.queue_name)).toContain('var.name_prefix');
  });

  test('the longest prefix still fits the service-account and bucket name limits', () => {
    const prefix = 'abcdefghij'; // name_prefix allows 10 characters
    expect(String((variable(mod.hcl, 'name_prefix').validation as Block[])[0]?.condition)).toContain('{1,9}');
    for (const [name, blocks] of Object.entries(mod.hcl.resource.google_service_account ?? {})) {
      const keys = (blocks[0] as Block).for_each ? fns.map((f) => f.key) : [''];
      for (const key of keys) {
        const id = String((blocks[0] as Block).account_id)
          .replace('${var.name_prefix}', prefix)
          .replace('${each.key}', key);
        // Service account ids: 6-30 characters (https://cloud.google.com/iam/docs/service-accounts-create).
        expect({ account: `${name}${key}`, id, fits: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/.test(id) }).toEqual({
          account: `${name}${key}`,
          id,
          fits: true,
        });
      }
    }
    const bucket = String(resource(mod.hcl, 'google_storage_bucket', 'sources').name)
      .replace('${var.project_id}', 'a'.repeat(30))
      .replace('${var.name_prefix}', prefix);
    expect(bucket.length).toBeLessThanOrEqual(63);
  });

  test('what exists once per project is created only by the deployment that manages the singletons', () => {
    for (const [type, name] of [
      ['google_firebase_project', 'this'],
      ['google_firestore_database', 'default'],
      ['google_identity_platform_config', 'auth'],
    ] as const) {
      expect({ type, count: resource(mod.hcl, type, name).count }).toEqual({
        type,
        count: tf('var.manage_project_singletons ? 1 : 0'),
      });
    }
    for (const name of ['agent'] as const) {
      expect(String(resource(mod.hcl, 'google_project_service_identity', name).for_each)).toContain(
        'if var.manage_project_singletons',
      );
    }
    expect(String(resource(mod.hcl, 'google_project_iam_member', 'service_agent').for_each)).toContain(
      'if var.manage_project_singletons',
    );
    const site = resource(mod.hcl, 'google_firebase_hosting_site', 'web');
    expect(site.site_id).toBe(tf('local.hosting_site_id'));
    expect(mod.hcl.locals.hosting_site_id).toBe(tf('coalesce(var.hosting_site_id, var.project_id)'));
    // A second deployment without a site of its own would fight over the default one.
    const siteRules = (variable(mod.hcl, 'hosting_site_id').validation as Block[]).map((v) => String(v.condition));
    expect(siteRules).toContain(tf('var.hosting_site_id != null || var.manage_project_singletons'));
  });
});

describe('a first apply on an empty project', () => {
  test('creates nothing before the APIs are on and their enablement has propagated', () => {
    const graph = dependencyGraph(mod.hcl);
    const exempt = new Set(['google_project_service.enabled', 'time_sleep.apis', 'data.archive_file.source']);
    const early = [...graph.keys()].filter((a) => !exempt.has(a) && !dependsOn(graph, a, 'time_sleep.apis'));
    expect(early).toEqual([]);
    expect(resource(mod.hcl, 'time_sleep', 'apis').depends_on).toEqual([tf('google_project_service.enabled')]);
    expect(parseDuration(resource(mod.hcl, 'time_sleep', 'apis').create_duration)).toBeGreaterThanOrEqual(60);
  });

  test('builds no function before every grant it needs has propagated', () => {
    const graph = dependencyGraph(mod.hcl);
    const wait = resource(mod.hcl, 'time_sleep', 'iam');
    expect(parseDuration(wait.create_duration)).toBeGreaterThanOrEqual(60);
    // Every IAM resource that does not itself need a function is waited for.
    const iam = [...graph.keys()].filter((a) => /_iam_member\./.test(a));
    const needsFunction = iam.filter((a) => dependsOn(graph, a, 'google_cloudfunctions2_function.fn'));
    const waited = (wait.depends_on as string[]).map((d) => reference(d));
    expect(iam.filter((a) => !needsFunction.includes(a) && !waited.includes(a))).toEqual([]);
    expect(dependsOn(graph, 'google_cloudfunctions2_function.fn', 'time_sleep.iam')).toBe(true);
    // The Eventarc agent's role in particular: tick's trigger fails without it.
    expect(dependsOn(graph, 'time_sleep.iam', 'google_project_iam_member.service_agent')).toBe(true);
    expect(dependsOn(graph, 'google_cloud_scheduler_job.tick', 'time_sleep.iam')).toBe(true);
  });

  test('creates the service agents the triggers use, with their usual roles', () => {
    const agents = resolveLocal(mod.hcl, 'local.service_agent_roles') as Record<string, string>;
    expect(agents).toMatchObject({
      pubsub: 'roles/pubsub.serviceAgent',
      eventarc: 'roles/eventarc.serviceAgent',
      cloudtasks: 'roles/cloudtasks.serviceAgent',
      cloudscheduler: 'roles/cloudscheduler.serviceAgent',
    });
    const identity = resource(mod.hcl, 'google_project_service_identity', 'agent');
    // google_project_service_identity exists in the beta provider only.
    expect([identity.provider, identity.service]).toEqual(['${google-beta}', `${tf('each.key')}.googleapis.com`]);
    for (const agent of Object.keys(agents)) {
      expect(grantsOf(mod.hcl)).toContainEqual(
        expect.objectContaining({ account: `agent:${agent}`, role: agents[agent], on: 'project' }),
      );
    }
  });

  test('the waits never run again on an unchanged configuration: their triggers hold no resource attributes', () => {
    for (const name of Object.keys(mod.hcl.resource.time_sleep ?? {})) {
      const triggers = JSON.stringify(resource(mod.hcl, 'time_sleep', name).triggers ?? {});
      expect({ name, triggers: /\b(google|data)[._]/.test(triggers) }).toEqual({ name, triggers: false });
    }
  });

  test('the Functions images and sources are named by content, so an unchanged bundle changes nothing', () => {
    const object = resource(mod.hcl, 'google_storage_bucket_object', 'source');
    expect(String(object.name)).toMatch(/\$\{data\.archive_file\.source\[each\.key\]\.output_(sha256|md5)\}/);
    expect(mod.text).not.toMatch(/\btimestamp\(\)|\buuid\(\)/);
  });
});

describe('destroy', () => {
  test('abandons what Google will not delete or what holds users’ data', () => {
    const policy = (type: string, name: string) => resource(mod.hcl, type, name).deletion_policy;
    expect(policy('google_firebase_project', 'this')).toBe('ABANDON');
    expect(policy('google_firebase_web_app', 'web')).toBe('ABANDON');
    expect(policy('google_firebase_hosting_site', 'web')).toBe(tf('local.uses_default_site ? "ABANDON" : "DELETE"'));
    expect(mod.hcl.locals.uses_default_site).toBe(tf('local.hosting_site_id == var.project_id'));
    const db = resource(mod.hcl, 'google_firestore_database', 'default');
    expect([db.deletion_policy, db.delete_protection_state]).toEqual(['ABANDON', 'DELETE_PROTECTION_ENABLED']);
    for (const block of Object.values(mod.hcl.resource.google_project_service ?? {})) {
      expect((block[0] as Block).disable_on_destroy).toBe(false);
    }
    expect(resource(mod.hcl, 'google_storage_bucket', 'sources').force_destroy).toBe(true);
  });
});

describe('environment variables', () => {
  const keys = envKeys();
  const loaderNames = new Set(keys.map((k) => k.name));

  /**
   * Optional variables production may leave unset, and why; any other optional one
   * without a default must be set by Terraform on every function.
   */
  const MAY_BE_UNSET: Record<string, string> = {
    ANTHROPIC_BASE_URL: 'the Anthropic SDK defaults to https://api.anthropic.com',
    ANTHROPIC_API_KEY: 'mounted from Secret Manager where the model is called (checked in roles.test.ts)',
    SMTP_URL:
      'mounted from Secret Manager where mail is sent (agents, deliver); e-mail answers it is not set up elsewhere',
    VAPID_PRIVATE_KEY: 'mounted from Secret Manager where push is sent (agents, deliver)',
    K_SERVICE:
      'set by Cloud Run itself on every service (https://cloud.google.com/run/docs/container-contract#env-vars)',
  };
  /** Variables read outside the loader, with the default the code falls back to. */
  const DEFAULTED_OUTSIDE_LOADER: Record<string, string> = {
    LOG_LEVEL: 'INFO (the log helper in functions/src)',
  };

  /** Names Terraform sets on a function: common_env, public_env on public ones, and secret mounts. */
  function envOf(fn: Fn): Set<string> {
    const names = new Set(Object.keys(mod.hcl.locals.common_env as object));
    if (fn.access === 'public') for (const k of Object.keys(mod.hcl.locals.public_env as object)) names.add(k);
    for (const k of mounts(fn)) names.add(k);
    return names;
  }

  /** Secret mounts of a function: static blocks and dynamic ones whose condition holds for it. */
  function mounts(fn: Fn): string[] {
    const config = nested(fnResource(), 'service_config');
    const direct = ((config.secret_environment_variables ?? []) as Block[]).map((b) => String(b.key));
    const dynamic = (
      (config.dynamic as Record<string, Block[]> | undefined)?.secret_environment_variables ?? []
    ).filter((d) => (perFunction(d.for_each, fn) as unknown[]).length > 0);
    return [...direct, ...dynamic.map((d) => String(nested(d, 'content').key))];
  }

  test('the loader is found and read: its Env keys, with default or optional', () => {
    expect(path.relative(ROOT, configLoaderFile())).toMatch(/^functions\/src\//);
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.find((k) => k.name === 'RUN_TIMEOUT_SECONDS')).toEqual({
      name: 'RUN_TIMEOUT_SECONDS',
      defaulted: true,
      optional: false,
    });
    expect(keys.find((k) => k.name === 'RUN_AGENT_URL')).toMatchObject({ defaulted: false, optional: true });
  });

  test('each function gets the environment its access implies', () => {
    expect(nested(fnResource(), 'service_config').environment_variables).toBe(tf('local.function_env[each.key]'));
    expect(reference(mod.hcl.locals.function_env)?.replace(/\s+/g, ' ')).toBe(
      '{ for name, f in local.functions : name => merge(local.common_env, { for k, v in local.public_env : k => v if f.access == "public" }) }',
    );
  });

  test('every variable the loader requires is set by Terraform on every function', () => {
    const missing: string[] = [];
    for (const key of keys.filter((k) => !k.defaulted && !k.optional)) {
      for (const fn of fns) if (!envOf(fn).has(key.name)) missing.push(`${key.name} on ${fn.key}`);
    }
    expect(missing).toEqual([]);
  });

  test('every optional variable without a default is set on every function, or may be unset for a stated reason', () => {
    const missing: string[] = [];
    for (const key of keys.filter((k) => !k.defaulted && k.optional && !(k.name in MAY_BE_UNSET))) {
      for (const fn of fns) if (!envOf(fn).has(key.name)) missing.push(`${key.name} on ${fn.key}`);
    }
    expect(missing).toEqual([]);
    // A reason for a variable the loader no longer reads is stale.
    for (const name of Object.keys(MAY_BE_UNSET))
      expect({ name, read: loaderNames.has(name) }).toEqual({ name, read: true });
  });

  test('a variable read outside the loader is set by Terraform or falls back to a stated default', () => {
    const problems: string[] = [];
    for (const [file, names] of envReadsOutsideLoader()) {
      for (const name of names) {
        if (name in DEFAULTED_OUTSIDE_LOADER) continue;
        for (const fn of fns) if (!envOf(fn).has(name)) problems.push(`${file} reads ${name}, unset on ${fn.key}`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('every variable Terraform sets is read by the loader, the Functions Framework, or refused until the bundle reads it', () => {
    const frameworkOptions = readFileSync(
      path.join(ROOT, 'node_modules/@google-cloud/functions-framework/build/src/options.js'),
      'utf8',
    );
    const conditions = ((nested(fnResource(), 'lifecycle').precondition ?? []) as Block[]).map((p) =>
      String(p.condition),
    );
    const unread: string[] = [];
    const all = new Set(fns.flatMap((fn) => [...envOf(fn)]));
    for (const name of all) {
      if (loaderNames.has(name)) continue;
      if (frameworkOptions.includes(`'${name}'`)) continue;
      if (conditions.some((c) => c.includes('strcontains(file(') && c.includes(`"${name}"`))) continue;
      unread.push(name);
    }
    expect(unread).toEqual([]);
    expect(all.size).toBeGreaterThan(10);
  });

  test('log lines carry the execution id, and the project the trace field names', () => {
    const common = mod.hcl.locals.common_env as Record<string, string>;
    expect(common.LOG_EXECUTION_ID).toBe('true');
    expect(common.GOOGLE_CLOUD_PROJECT).toBe(tf('var.project_id'));
    expect(common.RUN_AGENT_URL).toBe(tf('local.function_urls["run-agent"]'));
  });
});

describe('secrets', () => {
  test('every secret a function mounts exists, has a version the function waits for, and only mounting functions may read it', () => {
    const config = nested(fnResource(), 'service_config');
    const dynamic = (config.dynamic as Record<string, Block[]>).secret_environment_variables ?? [];
    expect(config.secret_environment_variables).toBeUndefined();
    expect(dynamic.length).toBeGreaterThan(0);
    const loaderNames = new Set(envKeys().map((k) => k.name));
    const grants = grantsOf(mod.hcl);
    const fnDependsOn = (fnResource().depends_on as string[]).map((d) => reference(d));
    for (const block of dynamic) {
      const content = nested(block, 'content');
      const secretRef = /^google_secret_manager_secret\.(\w+)\.secret_id$/.exec(reference(content.secret) ?? '');
      expect(secretRef?.[1]).toBeDefined();
      const secretName = secretRef?.[1] as string;
      const secret = resource(mod.hcl, 'google_secret_manager_secret', secretName);
      const versions = Object.entries(mod.hcl.resource.google_secret_manager_secret_version ?? {}).filter(
        ([, b]) => (b[0] as Block).secret === tf(`google_secret_manager_secret.${secretName}.id`),
      );
      expect(versions.length).toBe(1);
      expect(fnDependsOn).toContain(`google_secret_manager_secret_version.${versions[0]?.[0]}`);
      expect(loaderNames.has(String(content.key))).toBe(true);
      const mounting = fns
        .filter((fn) => (perFunction(block.for_each, fn) as unknown[]).length > 0)
        .map((f) => `fn-${f.key}`);
      const readers = grants
        .filter(
          (g) => g.role === 'roles/secretmanager.secretAccessor' && g.on === `secret:${unprefixed(secret.secret_id)}`,
        )
        .map((g) => g.account)
        // The workspace builds' account reads the key through Cloud Build's availableSecrets, not a mount.
        .filter((account) => account !== 'workspace');
      expect(readers.sort()).toEqual(mounting.sort());
      expect(mounting.length).toBeGreaterThan(0);
    }
  });
});

/** "120s" / "2m" → seconds. */
function parseDuration(value: unknown): number {
  const m = /^(\d+)(s|m)$/.exec(String(value));
  if (!m) throw new Error(`not a duration: ${String(value)}`);
  return Number(m[1]) * (m[2] === 'm' ? 60 : 1);
}
