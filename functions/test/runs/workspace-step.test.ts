/**
 * The workspace image's step (docker/workspace/run-workspace.sh, upload-progress.mjs
 * and keep-files.mjs), run here as Cloud Build runs it, with a stand-in `claude`
 * on PATH and stand-ins of the metadata server and Cloud Storage's upload API:
 * the prompt reaches the CLI byte for byte on stdin, its lines are copied live as
 * whole lines with the build account's token, the files under out/ are kept
 * with the paths they had, and a CLI past its limit is recorded as timed out.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(30_000);

const ROOT = join(__dirname, '../../..');
const STEP = join(ROOT, 'docker/workspace/run-workspace.sh');
const UPLOADER = join(ROOT, 'docker/workspace/upload-progress.mjs');
const KEEPER = join(ROOT, 'docker/workspace/keep-files.mjs');

let dir: string;
let server: Server;
let host: string;
const uploads: { object: string; auth: string; body: string }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'workspace-step-'));
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/computeMetadata/v1/instance/service-accounts/default/token') {
      if (req.headers['metadata-flavor'] !== 'Google') return void res.writeHead(403).end();
      res.setHeader('content-type', 'application/json');
      return void res.end(JSON.stringify({ access_token: 'build-account-token', expires_in: 3599 }));
    }
    if (url.pathname === '/upload/storage/v1/b/demo-artifacts/o' && req.method === 'POST') {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        uploads.push({ object: url.searchParams.get('name') ?? '', auth: req.headers.authorization ?? '', body });
        res.setHeader('content-type', 'application/json');
        res.end('{}');
      });
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((ok) => server.close(ok));
  rmSync(dir, { recursive: true, force: true });
});

/** A `claude` that saves its stdin and arguments, writes a file under out/, and prints `lines` lines slowly. */
function fakeClaude(bin: string, opts: { lines: number; sleepSeconds?: number }) {
  mkdirSync(bin, { recursive: true });
  const script = `#!/usr/bin/env node
const fs = require('node:fs');
fs.writeFileSync('stdin.txt', fs.readFileSync(0));
fs.writeFileSync('args.json', JSON.stringify({ args: process.argv.slice(2), key: process.env.ANTHROPIC_API_KEY, maxOut: process.env.CLAUDE_CODE_MAX_OUTPUT_TOKENS }));
fs.mkdirSync('out/charts', { recursive: true });
fs.writeFileSync('out/charts/q1 매출.svg', '<svg/>');
fs.symlinkSync('../prompt.txt', 'out/prompt-link.txt');
let n = 0;
const tick = setInterval(() => {
  n++;
  process.stdout.write(JSON.stringify({ type: 'assistant', n }) + '\\n');
  if (n === ${opts.lines}) { clearInterval(tick); setTimeout(() => process.exit(0), ${(opts.sleepSeconds ?? 0) * 1000}); }
}, 150);
`;
  writeFileSync(join(bin, 'claude'), script);
  chmodSync(join(bin, 'claude'), 0o755);
}

function runStep(
  work: string,
  bin: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn('sh', [STEP, '-p', '--model', 'claude-sonnet-5-5'], {
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        WORKSPACE_DIR: work,
        UPLOAD_PROGRESS: UPLOADER,
        KEEP_FILES: KEEPER,
        GCE_METADATA_HOST: host,
        STORAGE_EMULATOR_HOST: `http://${host}`,
        PROGRESS_INTERVAL_MS: '100',
        ANTHROPIC_API_KEY: 'sk-ant-secret',
        CLAUDE_CODE_MAX_OUTPUT_TOKENS: '8000',
        ...env,
      },
    });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stdout += d));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

test('runs the CLI on the prompt file, copies its log live, keeps its files, and always ends well', async () => {
  const work = join(dir, 'ok');
  const bin = join(dir, 'bin-ok');
  mkdirSync(work);
  const prompt = 'Say "hi" `ls` $(rm -rf /)\r\n한국어 🚀';
  writeFileSync(join(work, 'prompt.txt'), prompt);
  fakeClaude(bin, { lines: 8 });
  uploads.length = 0;

  const run = await runStep(work, bin, { PROGRESS_OBJECT: 'gs://demo-artifacts/workspace-progress/exec-1.jsonl' });
  expect(run.code).toBe(0);
  expect(readFileSync(join(work, 'stdin.txt'), 'utf8')).toBe(prompt);
  const seen = JSON.parse(readFileSync(join(work, 'args.json'), 'utf8'));
  expect(seen).toEqual({ args: ['-p', '--model', 'claude-sonnet-5-5'], key: 'sk-ant-secret', maxOut: '8000' });
  expect(JSON.parse(readFileSync(join(work, 'status.json'), 'utf8'))).toEqual({ exitCode: 0 });
  const cli = readFileSync(join(work, 'cli.jsonl'), 'utf8');
  expect(cli.trim().split('\n')).toHaveLength(8);
  // Kept under a plain name with the path it had, Korean and all; the link is not followed.
  expect(readdirSync(join(work, 'kept')).sort()).toEqual(['f0', 'paths.json']);
  expect(JSON.parse(readFileSync(join(work, 'kept', 'paths.json'), 'utf8'))).toEqual({ f0: 'charts/q1 매출.svg' });
  expect(readFileSync(join(work, 'kept', 'f0'), 'utf8')).toBe('<svg/>');

  // Copied while the CLI ran: whole lines only, each copy a longer prefix of the log, with the build's token.
  expect(uploads.length).toBeGreaterThanOrEqual(2);
  for (const u of uploads) {
    expect(u.object).toBe('workspace-progress/exec-1.jsonl');
    expect(u.auth).toBe('Bearer build-account-token');
    expect(u.body.endsWith('\n')).toBe(true);
    expect(cli.startsWith(u.body)).toBe(true);
  }
  expect(uploads.some((u) => u.body.split('\n').length - 1 < 8)).toBe(true);
  expect(JSON.stringify(uploads)).not.toContain('sk-ant-secret');
  expect(run.stdout).not.toContain('sk-ant-secret');
});

test('a CLI past its limit is stopped and recorded as timed out; no live log without PROGRESS_OBJECT', async () => {
  const work = join(dir, 'slow');
  const bin = join(dir, 'bin-slow');
  mkdirSync(work);
  writeFileSync(join(work, 'prompt.txt'), 'Take your time.');
  fakeClaude(bin, { lines: 1, sleepSeconds: 30 });
  uploads.length = 0;
  const started = Date.now();
  const run = await runStep(work, bin, { WORKSPACE_TIMEOUT_SECONDS: '1' });
  expect(run.code).toBe(0);
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(JSON.parse(readFileSync(join(work, 'status.json'), 'utf8'))).toEqual({ timedOut: true });
  expect(uploads).toEqual([]);
});
