/**
 * Local stack start time: from spawning `npm start`'s script to the stack
 * answering `GET /__local/health` with 200, against the start of a bare Node
 * process measured the same way.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { progress } from '../lib/progress';
import { median, ratio, round } from '../lib/stats';
import type { BenchSuite } from '../lib/types';

const RUNS = 5;
const BASELINE = 'bare `node -e ""` process, spawn to exit';
/** Longer than any healthy start on a slow machine, short enough not to stall the run. */
const START_TIMEOUT_MS = 60_000;

function findRoot(from: string): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'local', 'scripts', 'start.mjs'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('stack-start: run from inside the repository (local/scripts/start.mjs not found).');
    dir = up;
  }
  return dir;
}

/** Milliseconds from spawning `node -e ""` to its exit. */
function bareNode(): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(performance.now() - t0));
  });
}

/**
 * Spawns a stack process (own process group), waits for the URL it prints and
 * for its health endpoint to answer 200; returns the milliseconds since spawn.
 * The process and its children are always stopped before this returns.
 */
async function timeStart(args: string[], root: string): Promise<number> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-stack-start-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: '0', LOCAL_DATA_DIR: dataDir, METADATA_SERVER_DETECTION: 'none' },
  });
  let output = '';
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no URL printed within ${START_TIMEOUT_MS} ms`)),
        START_TIMEOUT_MS,
      );
      const onData = (d: Buffer) => {
        output += d;
        const m = /running at (http:\/\/\S+)/.exec(output);
        if (m?.[1]) {
          clearTimeout(timer);
          // The stack listens on 127.0.0.1 and prints "localhost" for people.
          resolve(m[1].replace('localhost', '127.0.0.1'));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`the stack exited (code ${code}) before it was up`)));
    });
    for (;;) {
      try {
        const res = await fetch(`${url}/__local/health`);
        await res.arrayBuffer();
        if (res.status === 200) return performance.now() - t0;
      } catch {
        // not accepting connections yet
      }
      if (performance.now() - t0 > START_TIMEOUT_MS) throw new Error('health never answered 200');
      await new Promise((r) => setTimeout(r, 10));
    }
  } catch (err) {
    // The first lines carry the cause (an esbuild error, a stack trace's message).
    const lines = output.split('\n').filter((l) => l.trim());
    throw new Error(`${(err as Error).message}; its output began: ${lines.slice(0, 8).join(' | ').slice(0, 1500)}`);
  } finally {
    await stop(child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** SIGTERM to the group (the stack stops cleanly), SIGKILL if it lingers. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const pid = child.pid;
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  };
  kill('SIGTERM');
  const timer = setTimeout(() => kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export const run: BenchSuite = async () => {
  const root = findRoot(process.cwd());
  const startScript = ['local/scripts/start.mjs'];
  const bundle = path.join(root, '.build', 'local', 'main.js');
  const prebuilt = ['--enable-source-maps', '--disable-warning=ExperimentalWarning', bundle];

  progress('stack-start', 'warm-up start (not recorded)');
  await timeStart(startScript, root);
  const npmStart: number[] = [];
  const boot: number[] = [];
  const bare: number[] = [];
  for (let i = 1; i <= RUNS; i++) {
    npmStart.push(await timeStart(startScript, root));
    // start.mjs has just built .build/local/main.js: this is the stack's own boot, no build.
    boot.push(await timeStart(prebuilt, root));
    bare.push(await bareNode());
    progress(
      'stack-start',
      `round ${i}/${RUNS}: npm start ${Math.round(npmStart.at(-1) ?? 0)} ms, boot ${Math.round(boot.at(-1) ?? 0)} ms`,
    );
  }
  const base = median(bare);
  const fmt = (xs: number[]) => `${xs.map((x) => Math.round(x)).join(', ')} ms`;
  return [
    {
      id: 'stack-start',
      title: 'Local stack start time',
      method: `Wall time from spawning the process (PORT=0, a fresh temp LOCAL_DATA_DIR each time) to GET /__local/health answering 200, polled every 10 ms once the stack prints its URL; median of ${RUNS}, after one unrecorded warm-up. Baseline: ${BASELINE}, timed the same way in the same rounds.`,
      rows: [
        {
          label: '`npm start` (node local/scripts/start.mjs: web build, stack bundle, boot)',
          value: round(median(npmStart)),
          unit: 'ms',
          ratio: ratio(median(npmStart), base),
          baseline: BASELINE,
        },
        {
          label: 'stack boot alone (prebuilt .build/local/main.js)',
          value: round(median(boot)),
          unit: 'ms',
          ratio: ratio(median(boot), base),
          baseline: BASELINE,
        },
        { label: `baseline: ${BASELINE}`, value: round(base), unit: 'ms' },
      ],
      notes: [
        `Samples: npm start ${fmt(npmStart)}; boot ${fmt(boot)}; bare node ${fmt(bare)}.`,
        'Both stack figures include opening SQLite and starting the Functions Framework servers for all four functions; `npm start` adds the esbuild builds of the web app and the stack.',
      ],
    },
  ];
};
