/**
 * `npm run build`'s function bundles: one per function registered in
 * functions/src/index.ts, each loading in a fresh Node process and registering
 * exactly its own function, with the Google client libraries kept external and
 * listed in the package.json it deploys with, and starting from the code cache
 * its deploy's build step writes.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_DIR } from './support/stack';

type Built = { name: string; kind: string; outDir: string; bytes: number; dependencies: Record<string, string> };

let built: Built[];

beforeAll(() => {
  const out = execFileSync(process.execPath, [join(ROOT_DIR, 'scripts', 'build-functions.mjs'), '--json'], {
    cwd: ROOT_DIR,
  });
  built = JSON.parse(out.toString());
}, 60_000);

test('builds one bundle per registered function', () => {
  expect(built.map((b) => b.name).sort()).toEqual(['agents', 'chat', 'chatTurn', 'deliver', 'runAgent', 'tick']);
});

test.each(['agents', 'chat', 'chatTurn', 'deliver', 'runAgent', 'tick'])(
  'the %s bundle registers only its own function in a fresh process',
  (name) => {
    const fn = built.find((b) => b.name === name) as Built;
    const script = `
    require(${JSON.stringify(join(fn.outDir, 'index.js'))});
    const t = require('@google-cloud/functions-framework/testing');
    const names = ['agents', 'chat', 'chatTurn', 'deliver', 'runAgent', 'tick'].filter((n) => t.getFunction(n));
    process.stdout.write(JSON.stringify(names));`;
    const out = execFileSync(process.execPath, ['-e', script], {
      cwd: ROOT_DIR,
      env: { ...process.env, METADATA_SERVER_DETECTION: 'none' },
    }).toString();
    expect(JSON.parse(out)).toEqual([name]);
  },
);

test.each(['agents', 'chat', 'chatTurn', 'deliver', 'runAgent', 'tick'])(
  'the %s bundle deploys on nodejs22 with its external libraries listed',
  (name) => {
    const fn = built.find((b) => b.name === name) as Built;
    const pkg = JSON.parse(readFileSync(join(fn.outDir, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('index.js');
    expect(pkg.engines.node).toBe('22');
    expect(Object.keys(pkg.dependencies)).toEqual(
      expect.arrayContaining(['@google-cloud/functions-framework', '@google-cloud/firestore']),
    );
    const code = readFileSync(join(fn.outDir, 'app.js'), 'utf8');
    // Bundled Google client code would look for its .proto files next to the bundle and fail.
    // (booleans, so a failure does not print a megabyte of bundle)
    expect(/\b(require|import)\("@google-cloud\/firestore"\)/.test(code)).toBe(true);
    expect(code.includes('google/firestore/v1/firestore.proto')).toBe(false);
  },
);

test.each(['agents', 'chat', 'chatTurn', 'deliver', 'runAgent', 'tick'])(
  'the %s bundle holds zod/mini and its English messages, not the classic API or other locales',
  (name) => {
    const fn = built.find((b) => b.name === name) as Built;
    const map = JSON.parse(readFileSync(join(fn.outDir, 'app.js.map'), 'utf8')) as { sources: string[] };
    const zod = map.sources.filter((s) => s.includes('node_modules/zod/'));
    // The classic API builds each schema with its methods at load, tens of ms of every cold start (docs/scaling.md).
    expect(zod.filter((s) => /\/v4\/(classic|locales\/(?!en\.js$|index\.js$))/.test(s))).toEqual([]);
    expect(zod.some((s) => s.endsWith('/v4/locales/en.js'))).toBe(true);
  },
);

describe("the code cache the deploy's build writes (scripts/function-entry.cjs)", () => {
  const node = (fn: Built, args: string[], script?: string) =>
    spawnSync(process.execPath, script ? [...args, '-e', script] : args, {
      cwd: fn.outDir,
      env: {
        ...process.env,
        METADATA_SERVER_DETECTION: 'none',
        PLATFORM_ENV: 'production',
        GOOGLE_CLOUD_PROJECT: 'demo-build',
      },
      encoding: 'utf8',
    });
  // Loads the function as the Framework does, then asks it something that needs a
  // library loaded on first use (firebase-admin, to check the token).
  const serve = `
    require('./index.js');
    const server = require('@google-cloud/functions-framework/testing').getTestServer('agents');
    server.listen(0, async () => {
      const res = await fetch('http://127.0.0.1:' + server.address().port + '/api/agents', {
        headers: { authorization: 'Bearer not.a.token' },
      });
      process.stdout.write(String(res.status));
      process.exit(0);
    });`;
  let agents: Built;

  beforeAll(() => {
    agents = built.find((b) => b.name === 'agents') as Built;
    rmSync(join(agents.outDir, 'app.js.cache'), { force: true });
  });

  test('the package runs it as gcp-build, the step Cloud Functions runs after npm install', () => {
    for (const fn of built)
      expect(JSON.parse(readFileSync(join(fn.outDir, 'package.json'), 'utf8')).scripts).toEqual({
        'gcp-build': 'node index.js',
      });
  });

  test('without a cache the function loads and answers, and nothing is logged', () => {
    const run = node(agents, [], serve);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('401');
  });

  test('the build step writes app.js.cache, and the function then loads from it silently', () => {
    const step = node(agents, ['index.js']);
    expect(step.status).toBe(0);
    expect(statSync(join(agents.outDir, 'app.js.cache')).size).toBeGreaterThan(10_000);
    const run = node(agents, [], serve);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe('401');
  });

  test('a build step that cannot load the bundle ends well and writes no cache: it never fails a deploy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'entry-'));
    copyFileSync(join(agents.outDir, 'index.js'), join(dir, 'index.js'));
    writeFileSync(join(dir, 'app.js'), "throw new Error('no such dependency');\n");
    const step = spawnSync(process.execPath, ['index.js'], { cwd: dir, encoding: 'utf8' });
    const wrote = existsSync(join(dir, 'app.js.cache'));
    rmSync(dir, { recursive: true, force: true });
    expect(step.status).toBe(0);
    expect(step.stderr).toContain('code cache not written');
    expect(wrote).toBe(false);
  });

  test('a cache V8 refuses (other flags) still serves, with one warning for Cloud Logging', () => {
    expect(existsSync(join(agents.outDir, 'app.js.cache'))).toBe(true);
    const run = node(agents, ['--max-old-space-size=300'], serve);
    expect(run.stdout).toBe('401');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      severity: 'WARNING',
      message: expect.stringContaining('app.js.cache'),
    });
  });
});
