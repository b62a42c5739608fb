/**
 * The request edge under hostile bodies. Two servers, each in its own process
 * started as Cloud Run starts a function (the Functions Framework's `main.js`):
 * the deployed `agents` bundle, and the Functions Framework alone with a function
 * that echoes its body (what every function was before the edge). Each is sent a
 * 200 KB gzip body that inflates to about 200 MB, and a request declaring a 10 MB
 * `Content-Length` with no body; the server's peak resident memory (VmHWM) and the
 * time to its answer are set against a small JSON request to the same server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { freePort } from '../../test/support/free-port';
import { progress } from '../lib/progress';
import { median, ratio, round } from '../lib/stats';
import type { BenchRow, BenchSection, BenchSuite } from '../lib/types';

const SMALL_RUNS = 20;
const HOSTILE_RUNS = 5;
const NO_ANSWER_MS = 5_000;
const BOMB = gzipSync(Buffer.alloc(200 * 1024 * 1000, 'a'), { level: 9 });
const SMALL = JSON.stringify({ name: 'A small valid body' });

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'scripts', 'build-functions.mjs'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('edge: run from inside the repository.');
    dir = up;
  }
  return dir;
}

interface Server {
  name: string;
  child: ChildProcess;
  port: number;
}

/** Peak resident memory of a process so far, in MiB (Linux). */
function peakMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

interface Answer {
  status: number;
  ms: number;
}

/** One request; `body` undefined with `declaredLength` sends the headers only. */
function send(
  port: number,
  path: string,
  headers: Record<string, string>,
  body?: Buffer | string,
  declaredLength?: number,
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started }));
    });
    req.on('error', () => resolve({ status: -1, ms: performance.now() - started }));
    req.setTimeout(NO_ANSWER_MS, () => {
      resolve({ status: 0, ms: NO_ANSWER_MS });
      req.destroy();
    });
    if (declaredLength !== undefined) {
      req.setHeader('Content-Length', String(declaredLength));
      req.flushHeaders();
      return;
    }
    req.end(body);
  });
}

async function start(name: string, args: string[], cwd: string, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), NODE_ENV: 'production', ...env },
    // Quiet: the bare Framework prints a stack for each body it gives up on.
    stdio: 'ignore',
  });
  for (let i = 0; i < 200; i++) {
    const answer = await send(port, '/', { 'Content-Type': 'application/json' }, SMALL);
    if (answer.status > 0) return { name, child, port };
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill();
  throw new Error(`edge: ${name} did not start`);
}

async function stop(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill();
  await exited;
}

interface Measured {
  small: number;
  bomb: Answer[];
  declared: Answer[];
  peakBefore: number;
  peakAfter: number;
}

async function measure(server: Server, path: string): Promise<Measured> {
  const json = { 'Content-Type': 'application/json' };
  const small: number[] = [];
  for (let i = 0; i < SMALL_RUNS; i++) small.push((await send(server.port, path, json, SMALL)).ms);
  const peakBefore = peakMiB(server.child.pid as number);
  const bomb: Answer[] = [];
  for (let i = 0; i < HOSTILE_RUNS; i++) {
    bomb.push(await send(server.port, path, { ...json, 'Content-Encoding': 'gzip' }, BOMB));
  }
  const declared: Answer[] = [];
  for (let i = 0; i < HOSTILE_RUNS; i++) {
    declared.push(await send(server.port, path, json, undefined, 10 * 1024 * 1024));
  }
  const peakAfter = peakMiB(server.child.pid as number);
  return { small: median(small), bomb, declared, peakBefore, peakAfter };
}

const statuses = (answers: Answer[]) =>
  [...new Set(answers.map((a) => (a.status === 0 ? 'no answer' : a.status === -1 ? 'reset' : String(a.status))))].join(
    ', ',
  );

export const run: BenchSuite = async () => {
  const root = findRoot(process.cwd());
  const script = pathToFileURL(path.join(root, 'scripts', 'build-functions.mjs')).href;
  const { buildFunctions } = (await import(script)) as {
    buildFunctions(o: { quiet: boolean }): Promise<{ name: string; outDir: string }[]>;
  };
  progress('edge', 'building the function bundles');
  const agents = (await buildFunctions({ quiet: true })).find((b) => b.name === 'agents');
  if (!agents) throw new Error('edge: no agents bundle was built');

  const framework = path.join(root, 'node_modules', '@google-cloud', 'functions-framework', 'build', 'src', 'main.js');
  const bareDir = path.join(root, 'bench', '.work', 'edge-bare');
  mkdirSync(bareDir, { recursive: true });
  writeFileSync(
    path.join(bareDir, 'index.js'),
    `require('@google-cloud/functions-framework').http('echo', (req, res) => res.json({ bytes: JSON.stringify(req.body ?? null).length }));\n`,
  );
  writeFileSync(path.join(bareDir, 'package.json'), '{"main": "index.js"}\n');

  const results: { name: string; m: Measured }[] = [];
  for (const [name, args, cwd, urlPath] of [
    [
      'agents bundle (with the request edge)',
      [framework, '--target=agents', `--source=${agents.outDir}`],
      agents.outDir,
      '/api/edge-bench',
    ],
    ['Functions Framework alone (an echo function)', [framework, '--target=echo', `--source=${bareDir}`], root, '/'],
  ] as const) {
    progress('edge', `${name}: starting`);
    const server = await start(name, [...args], cwd, {
      GOOGLE_CLOUD_PROJECT: 'bench',
      METADATA_SERVER_DETECTION: 'none',
    });
    try {
      results.push({ name, m: await measure(server, urlPath) });
    } finally {
      await stop(server);
    }
    progress('edge', `${name}: done`);
  }

  const rows: BenchRow[] = [];
  const problems: string[] = [];
  for (const { name, m } of results) {
    const base = `${name}: a small JSON request (median of ${SMALL_RUNS})`;
    const bombMs = median(m.bomb.map((a) => a.ms));
    const declaredMs = median(m.declared.map((a) => a.ms));
    rows.push(
      { label: base, value: round(m.small), unit: 'ms' },
      {
        label: `${name}: 200 KB gzip body answered (${statuses(m.bomb)})`,
        value: round(bombMs),
        unit: 'ms',
        ratio: ratio(bombMs, m.small),
        baseline: base,
      },
      {
        label: `${name}: 10 MB Content-Length, no body sent, answered (${statuses(m.declared)})`,
        value: round(declaredMs),
        unit: 'ms',
        ratio: ratio(declaredMs, m.small),
        baseline: base,
      },
      {
        label: `${name}: peak memory before the hostile requests`,
        value: round(m.peakBefore),
        unit: 'MiB',
      },
      {
        label: `${name}: peak memory after ${HOSTILE_RUNS} of each`,
        value: round(m.peakAfter),
        unit: 'MiB',
        ratio: ratio(m.peakAfter, m.peakBefore),
        baseline: `${name}: peak memory before`,
      },
    );
  }
  const ours = results[0]?.m;
  if (ours) {
    if (ours.bomb.some((a) => a.status !== 415)) problems.push('the agents bundle did not answer every gzip body 415');
    if (ours.declared.some((a) => a.status !== 413))
      problems.push('the agents bundle did not answer every declared 10 MB body 413 before it was sent');
  }
  const section: BenchSection = {
    id: 'edge',
    title: 'Request edge: hostile bodies against the deployed bundle and the bare Functions Framework',
    method: `Each server runs in its own process under the Functions Framework's main.js, as on Cloud Run. ${SMALL_RUNS} small JSON POSTs (the agents bundle answers them 404: an unknown path), then ${HOSTILE_RUNS} POSTs of a ${round(BOMB.length / 1024)} KiB gzip body (about 200 MB inflated) and ${HOSTILE_RUNS} requests declaring a 10 MB Content-Length with no body (a server that waits for the body is given up on after ${NO_ANSWER_MS / 1000} s). Peak memory is the process's VmHWM.`,
    rows,
    notes: [
      'The edge answers from the headers alone, so neither hostile request costs more than a small valid one and the peak memory does not move; the bare Framework inflates and parses the gzip body before any handler could refuse it.',
    ],
    problems,
  };
  return [section];
};
