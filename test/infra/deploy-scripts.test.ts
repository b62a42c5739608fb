/**
 * scripts/deploy.sh and scripts/destroy.sh, run for real against stand-ins of gcloud,
 * terraform, npm and npx that record every call and answer like the real tools (a
 * fresh project, indexes still building, a plan with or without changes). Nothing of
 * Google Cloud is reached; what is checked is what the scripts do, in which order,
 * and what they tell the person running them.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { registrations } from './code';
import { ROOT } from './hcl';

const WORKSPACE_IMAGE = 'europe-west1-docker.pkg.dev/demo-project/stg-workspace/workspace:latest';
const SERVICES = { agents: 'stg-agents', chat: 'stg-chat', 'run-agent': 'stg-run-agent', tick: 'stg-tick' };

/** Terraform outputs of a deployment with prefix stg and a site of its own. */
function outputs(publicWithoutIamCheck: string[] = [], appCheckSiteKey = '') {
  const v = (value: unknown) => ({ value });
  return JSON.stringify({
    app_check_site_key: v(appCheckSiteKey),
    name_prefix: v('stg'),
    service_names: v(SERVICES),
    hosting_site_id: v('demo-project-stg'),
    public_services_without_iam_check: v(publicWithoutIamCheck),
    firestore_database: v('(default)'),
    tasks_queue: v('stg-agent-runs'),
    workspace_image: v(WORKSPACE_IMAGE),
  });
}

const STUBS: Record<string, string> = {
  terraform: `#!/usr/bin/env bash
echo "terraform $*" >> "$CALLS"
args=("$@"); [[ "\${args[0]}" == -chdir=* ]] && args=("\${args[@]:1}")
case "\${args[0]}" in
  version) echo '{"terraform_version":"1.11.4"}' ;;
  output) [[ "\${args[1]:-}" == "-json" ]] && cat "$STUB_DIR/outputs.json" || echo "hosting_url = https://demo-project-stg.web.app" ;;
  plan) [[ "\${PLAN_EXIT:-0}" == "2" ]] && echo '  # module.platform.google_cloudfunctions2_function.fn["tick"] will be updated in-place'; exit "\${PLAN_EXIT:-0}" ;;
  state) [[ "\${args[1]}" == "list" ]] && cat "$STUB_DIR/state.txt" ;;
esac
exit 0
`,
  gcloud: `#!/usr/bin/env bash
echo "gcloud $*" >> "$CALLS"
case "$*" in
  "billing projects describe"*) echo True ;;
  "config get-value project") echo "" ;;
  "projects describe"*) echo 123456789012 ;;
  # Artifact Registry: the images built so far, one line each, in $STUB_DIR/images.
  "artifacts docker images describe "*) grep -qxF "$5" "$STUB_DIR/images" 2>/dev/null || { echo "NOT_FOUND: $5" >&2; exit 1; } ;;
  "builds submit "*) while [[ $# -gt 0 ]]; do [[ "$1" == "--tag" ]] && echo "$2" >> "$STUB_DIR/images"; shift; done ;;
  "firestore indexes composite list"*)
    n=$(cat "$STUB_DIR/index-polls" 2>/dev/null || echo 0); echo $((n + 1)) > "$STUB_DIR/index-polls"
    if (( n < \${INDEXES_BUILDING_FOR:-0} )); then printf 'READY\\nCREATING\\n'; else printf 'READY\\nREADY\\n'; fi ;;
esac
exit 0
`,
  npm: `#!/usr/bin/env bash
echo "npm $*" >> "$CALLS"
for fn in $FUNCTIONS; do mkdir -p "dist/functions/$fn"; echo "// $fn" > "dist/functions/$fn/index.js"; echo '{}' > "dist/functions/$fn/package.json"; done
`,
  npx: `#!/usr/bin/env bash
echo "npx $*" >> "$CALLS"
while [[ $# -gt 0 ]]; do [[ "$1" == "--config" ]] && cp "$2" "$STUB_DIR/firebase-deploy-config.json"; shift; done
`,
};

interface Sandbox {
  repo: string;
  stubs: string;
  calls: () => string[];
  run: (script: 'deploy' | 'destroy', env?: Record<string, string>) => ReturnType<typeof spawnSync>;
}

let sandboxes: string[] = [];

/** A copy of what the scripts read (scripts, firebase.json, index.ts, the Terraform env), with stand-in tools first on PATH. */
function sandbox(opts: { outputs?: string; state?: string } = {}): Sandbox {
  const dir = mkdtempSync(path.join(tmpdir(), 'deploy-sh-'));
  sandboxes.push(dir);
  const repo = path.join(dir, 'repo');
  const stubs = path.join(dir, 'stubs');
  for (const rel of [
    'scripts/deploy.sh',
    'scripts/destroy.sh',
    'scripts/build-functions.mjs',
    'scripts/build-workspace-image.sh',
    'firebase.json',
  ]) {
    mkdirSync(path.dirname(path.join(repo, rel)), { recursive: true });
    cpSync(path.join(ROOT, rel), path.join(repo, rel));
  }
  cpSync(path.join(ROOT, 'docker/workspace'), path.join(repo, 'docker/workspace'), { recursive: true });
  mkdirSync(path.join(repo, 'functions/src'), { recursive: true });
  cpSync(path.join(ROOT, 'functions/src/index.ts'), path.join(repo, 'functions/src/index.ts'));
  mkdirSync(path.join(repo, 'terraform/environments/example'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'));
  mkdirSync(stubs);
  for (const [name, body] of Object.entries(STUBS)) writeFileSync(path.join(stubs, name), body, { mode: 0o755 });
  writeFileSync(path.join(stubs, 'outputs.json'), opts.outputs ?? outputs());
  writeFileSync(
    path.join(stubs, 'state.txt'),
    opts.state ??
      [
        'module.platform.google_project_iam_member.build',
        'module.platform.google_project_iam_member.service_agent["eventarc"]',
        'module.platform.google_project_iam_member.service_agent["pubsub"]',
        'module.platform.google_cloudfunctions2_function.fn["tick"]',
      ].join('\n'),
  );
  const calls = path.join(stubs, 'calls.log');
  return {
    repo,
    stubs,
    calls: () => (existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : []),
    run: (script, env = {}) =>
      spawnSync('bash', [path.join(repo, 'scripts', `${script}.sh`)], {
        cwd: repo,
        encoding: 'utf8',
        timeout: 60_000,
        env: {
          PATH: `${stubs}:${path.dirname(process.execPath)}:/usr/bin:/bin`,
          HOME: dir,
          CALLS: calls,
          STUB_DIR: stubs,
          FUNCTIONS: registrations()
            .map((r) => r.name)
            .join(' '),
          GOOGLE_CLOUD_PROJECT: 'demo-project',
          ANTHROPIC_API_KEY: 'sk-test-not-a-key',
          AUTO_APPROVE: '1',
          INDEX_POLL_SECONDS: '0',
          ...env,
        },
      }),
  };
}

afterAll(() => {
  for (const dir of sandboxes) rmSync(dir, { recursive: true, force: true });
  sandboxes = [];
});

/** The calls that change something or decide the flow, in order, by name. */
const STEPS: [RegExp, string][] = [
  [/^npm run build/, 'build'],
  [/^gcloud services enable/, 'enable bootstrap APIs'],
  [/^terraform -chdir=\S+ init/, 'terraform init'],
  [/^terraform -chdir=\S+ apply/, 'terraform apply'],
  [/^terraform -chdir=\S+ plan/, 'terraform plan'],
  [/^terraform -chdir=\S+ destroy/, 'terraform destroy'],
  [/^terraform -chdir=\S+ state rm/, 'terraform state rm'],
  [/^npx .*firebase-tools.* deploy/, 'firebase deploy'],
  [/^gcloud firestore indexes composite list/, 'index poll'],
  [/^gcloud run services update/, 'invoker check off'],
  [/^gcloud builds submit/, 'workspace image build'],
  [/^gcloud artifacts docker tags add/, 'workspace image tag'],
];
const steps = (calls: string[]) =>
  calls.flatMap((c) => STEPS.filter(([pattern]) => pattern.test(c)).map(([, name]) => name));

describe('npm run deploy (scripts/deploy.sh)', () => {
  test('on a fresh project: builds, applies, deploys Hosting to the deployment, waits for indexes, ends with an empty plan', () => {
    const box = sandbox();
    const run = box.run('deploy', { INDEXES_BUILDING_FOR: '2' });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(steps(box.calls())).toEqual([
      'build',
      'enable bootstrap APIs',
      'terraform init',
      'terraform apply',
      'workspace image build',
      'workspace image tag',
      'firebase deploy',
      'index poll',
      'index poll',
      'index poll',
      'terraform plan',
    ]);
    expect(run.stdout).toContain('all Firestore indexes are READY');
    expect(run.stdout).toContain('running npm run deploy again would change nothing');
    expect(box.calls()).toContain(
      'gcloud services enable serviceusage.googleapis.com cloudresourcemanager.googleapis.com --project=demo-project --quiet',
    );
    const apply = box.calls().find((c) => / apply /.test(c)) as string;
    expect(apply).toContain('-var project_id=demo-project -var region=europe-west1');
    expect(apply).toContain('-auto-approve');
    // The key version is left to terraform.tfvars unless asked for.
    expect(apply).not.toContain('anthropic_api_key_version');
    const deploy = box.calls().find((c) => c.startsWith('npx')) as string;
    expect(deploy).toMatch(
      /firebase-tools@15 deploy --only hosting,firestore --config \S+ --project demo-project --non-interactive/,
    );
  });

  test('Hosting goes to the deployment’s site, its rewrites to the prefixed services, from a config removed afterwards', () => {
    const box = sandbox();
    expect(box.run('deploy').status).toBe(0);
    const config = JSON.parse(readFileSync(path.join(box.stubs, 'firebase-deploy-config.json'), 'utf8'));
    const original = JSON.parse(readFileSync(path.join(ROOT, 'firebase.json'), 'utf8'));
    expect(config.hosting.site).toBe('demo-project-stg');
    const services = config.hosting.rewrites
      .filter((r: { run?: unknown }) => r.run)
      .map((r: { run: { serviceId: string } }) => r.run.serviceId);
    expect(services).toEqual(
      original.hosting.rewrites
        .filter((r: { run?: unknown }) => r.run)
        .map((r: { run: { serviceId: keyof typeof SERVICES } }) => SERVICES[r.run.serviceId]),
    );
    expect(config.firestore).toEqual(original.firestore);
    expect(existsSync(path.join(box.repo, 'firebase.deploy.json'))).toBe(false);
  });

  test('run again on a finished deployment, it makes the same calls but the image build, and reports no change', () => {
    const box = sandbox();
    expect(box.run('deploy').status).toBe(0);
    const first = steps(box.calls());
    const second = box.run('deploy');
    expect(second.status).toBe(0);
    expect(steps(box.calls()).slice(first.length)).toEqual(first.filter((s) => s !== 'workspace image build'));
    expect(second.stdout).toContain('is built already');
    expect(second.stdout).toContain('would change nothing');
  });

  test('builds the workspace image once per content of docker/workspace/ and points the deployment’s tag at it', () => {
    const box = sandbox();
    const builds = () => box.calls().filter((c) => c.startsWith('gcloud builds submit'));
    const tags = () => box.calls().filter((c) => c.startsWith('gcloud artifacts docker tags add'));
    expect(box.run('deploy').status).toBe(0);
    const repo = WORKSPACE_IMAGE.replace(/:latest$/, '');
    expect(builds()).toEqual([
      expect.stringMatching(
        new RegExp(
          `^gcloud builds submit \\S+/docker/workspace --project demo-project --region europe-west1 --tag ${repo}:src-[0-9a-f]{16} --timeout 1800s --quiet$`,
        ),
      ),
    ]);
    const built = /--tag (\S+)/.exec(builds()[0] as string)?.[1];
    expect(tags()).toEqual([`gcloud artifacts docker tags add ${built} ${WORKSPACE_IMAGE} --quiet`]);

    // Unchanged folder: nothing built, the tag stays where it is.
    expect(box.run('deploy').status).toBe(0);
    expect(builds()).toHaveLength(1);
    expect(tags().at(-1)).toBe(tags()[0]);

    // A change to the image's files builds a new image and moves the tag to it.
    writeFileSync(path.join(box.repo, 'docker/workspace/Dockerfile'), '# changed\n', { flag: 'a' });
    expect(box.run('deploy').status).toBe(0);
    expect(builds()).toHaveLength(2);
    const rebuilt = /--tag (\S+)/.exec(builds()[1] as string)?.[1];
    expect(rebuilt).not.toBe(built);
    expect(tags().at(-1)).toBe(`gcloud artifacts docker tags add ${rebuilt} ${WORKSPACE_IMAGE} --quiet`);
  });

  test('a plan that still changes something right after applying fails the run and names what would change', () => {
    const box = sandbox();
    const run = box.run('deploy', { PLAN_EXIT: '2' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('google_cloudfunctions2_function.fn["tick"] will be updated');
    expect(run.stderr).toMatch(/permanent diff/);
  });

  test('indexes still building when the wait ends: says plainly what fails until they are ready, and finishes', () => {
    const box = sandbox();
    const run = box.run('deploy', { INDEXES_BUILDING_FOR: '1000', INDEX_WAIT_SECONDS: '1', INDEX_POLL_SECONDS: '1' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/still building/);
    expect(run.stdout).toMatch(/FAILED_PRECONDITION/);
    expect(run.stdout).toMatch(/listing agents/);
    expect(steps(box.calls()).at(-1)).toBe('terraform plan');
  });

  test('where allUsers is refused, turns the invoker check off on the public services, on every run', () => {
    const box = sandbox({ outputs: outputs(['stg-agents', 'stg-chat']) });
    expect(box.run('deploy').status).toBe(0);
    const updates = box.calls().filter((c) => c.startsWith('gcloud run services update'));
    expect(updates).toEqual([
      'gcloud run services update stg-agents --region=europe-west1 --project=demo-project --no-invoker-iam-check --quiet',
      'gcloud run services update stg-chat --region=europe-west1 --project=demo-project --no-invoker-iam-check --quiet',
    ]);
    expect(steps(box.calls()).indexOf('invoker check off')).toBeLessThan(steps(box.calls()).indexOf('firebase deploy'));
  });

  test('gives the web app the App Check site key Terraform made, or an empty one when App Check is off', () => {
    for (const key of ['6LdExampleSiteKey', '']) {
      const box = sandbox({ outputs: outputs([], key) });
      const run = box.run('deploy');
      expect(run.status).toBe(0);
      const written = JSON.parse(readFileSync(path.join(box.repo, 'web/dist/app-check.json'), 'utf8'));
      expect(written).toEqual({ siteKey: key });
    }
  });

  test('a new key version is passed only when asked for', () => {
    const box = sandbox();
    expect(box.run('deploy', { ANTHROPIC_KEY_VERSION: '2' }).status).toBe(0);
    for (const c of box.calls().filter((x) => / (apply|plan) /.test(x)))
      expect(c).toContain('-var anthropic_api_key_version=2');
  });

  test('a REGION other than firebase.json’s stops before anything is built', () => {
    const box = sandbox();
    const run = box.run('deploy', { REGION: 'us-central1' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/firebase\.json rewrites point at 'europe-west1'/);
    expect(steps(box.calls())).toEqual([]);
  });

  test('without the Anthropic key, stops before anything is built and says where to get one', () => {
    const box = sandbox();
    const run = box.run('deploy', { ANTHROPIC_API_KEY: '' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/ANTHROPIC_API_KEY is not set.*console\.anthropic\.com/);
    expect(steps(box.calls())).toEqual([]);
  });
});

describe('scripts/destroy.sh', () => {
  test('forgets the service agents’ roles instead of revoking them, destroys, and lists what it leaves', () => {
    const box = sandbox();
    const run = box.run('destroy');
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    // The bundles Terraform reads were missing in this checkout, so they were built first.
    expect(steps(box.calls())).toEqual([
      'build',
      'terraform init',
      'terraform state rm',
      'terraform state rm',
      'terraform destroy',
    ]);
    const removed = box.calls().filter((c) => / state rm /.test(c));
    expect(removed.map((c) => c.split(' state rm ')[1])).toEqual([
      'module.platform.google_project_iam_member.service_agent["eventarc"]',
      'module.platform.google_project_iam_member.service_agent["pubsub"]',
    ]);
    for (const left of [
      /Firestore database \(default\)/,
      /Firebase project link/,
      /Hosting site demo-project-stg of this deployment was deleted/,
      /Agent Platform \(stg\)/,
      /Firebase Auth/,
      /2 grant\(s\) forgotten/,
      /gcf-v2-sources-123456789012-europe-west1/,
      /stg-agent-runs: Google blocks it for 7 days/,
      /gcloud projects delete demo-project/,
    ]) {
      expect(run.stdout).toMatch(left);
    }
  });

  test('on the default site, says it stays and how to empty it', () => {
    const box = sandbox({
      outputs: outputs().replace('"demo-project-stg"', '"demo-project"'),
      state: 'module.platform.google_firebase_hosting_site.web',
    });
    const run = box.run('destroy');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/default Hosting site demo-project, which cannot be deleted/);
    expect(run.stdout).toMatch(/firebase hosting:disable --site demo-project/);
    expect(box.calls().some((c) => / state rm /.test(c))).toBe(false);
  });
});
