/**
 * Terraform sets LOG_EXECUTION_ID=true on every function, which makes the Functions
 * Framework rewrite every line written to stdout during a request. The functions put
 * `logging.googleapis.com/trace` (projects/P/traces/T, from X-Cloud-Trace-Context) on
 * their JSON lines so Cloud Logging groups one request's lines. This runs the installed
 * framework, the version scripts/build-functions.mjs writes into every bundle's
 * package.json, and checks it keeps that field and adds the execution id.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port';
import { ROOT } from './hcl';

const FRAMEWORK = path.join(ROOT, 'node_modules/@google-cloud/functions-framework');
const TRACE = '105445aa7843bc8bf206b12000100000';

/** Starts the framework on a function that logs one JSON line the way the platform's log helpers do. */
async function logOneRequest(env: Record<string, string>): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ff-log-'));
  writeFileSync(
    path.join(dir, 'index.js'),
    `const ff = require(${JSON.stringify(FRAMEWORK)});
ff.http('probe', (req, res) => {
  const trace = String(req.header('x-cloud-trace-context') || '').split('/')[0];
  const line = { severity: 'INFO', message: 'probe' };
  if (trace) line['logging.googleapis.com/trace'] = 'projects/demo-project/traces/' + trace;
  process.stdout.write(JSON.stringify(line) + '\\n');
  res.send('ok');
});`,
  );
  const port = await freePort();
  let out = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(FRAMEWORK, 'build/src/main.js'), '--target=probe', `--source=${dir}`],
    { env: { PATH: process.env.PATH ?? '', PORT: String(port), NODE_ENV: 'production', ...env } },
  );
  child.stdout?.on('data', (d) => {
    out += d;
  });
  try {
    let answered = false;
    for (let i = 0; i < 100 && !answered; i++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`, {
          headers: { 'X-Cloud-Trace-Context': `${TRACE}/7;o=1` },
        });
        answered = res.ok;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(answered).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
  } finally {
    // Wait for it to go, or this test worker would outlive its tests.
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill();
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  }
  return out
    .split('\n')
    .filter((l) => l.includes('"probe"'))
    .map((l) => JSON.parse(l));
}

describe('the Functions Framework the bundles deploy with', () => {
  test('keeps the trace field of a JSON log line and adds the execution id when LOG_EXECUTION_ID=true', async () => {
    const [line] = await logOneRequest({ LOG_EXECUTION_ID: 'true' });
    expect(line?.['logging.googleapis.com/trace']).toBe(`projects/demo-project/traces/${TRACE}`);
    expect(line?.['logging.googleapis.com/labels']).toEqual({ execution_id: expect.any(String) });
    expect(line?.severity).toBe('INFO');
  }, 30_000);

  test('leaves the line alone when LOG_EXECUTION_ID is off', async () => {
    const [line] = await logOneRequest({});
    expect(line).toEqual({
      severity: 'INFO',
      message: 'probe',
      'logging.googleapis.com/trace': `projects/demo-project/traces/${TRACE}`,
    });
  }, 30_000);
});
