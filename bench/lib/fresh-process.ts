/**
 * Times code in fresh Node processes, the way a cold start meets it: each
 * sample is a new `node -e` process (same Node binary as the suite), and the
 * measured code reports its own duration on stdout.
 */
import { spawn } from 'node:child_process';
import { median } from './stats';

export interface Candidate {
  name: string;
  /**
   * A script for `node -e` whose last stdout line is JSON: a number of
   * milliseconds, or an object of named figures (`{ms, …}`). `timedRequire()`
   * builds the usual one.
   */
  script: string;
  cwd?: string;
}

export type Sample = Record<string, number>;

/**
 * A `node -e` script that times `require()` of the given modules together and
 * prints `{ms, modules, bytes, google}`: the milliseconds, how many files (and
 * bytes of them) Node loaded for it, counted from `require.cache`, and how many
 * of those files belong to the Google clients (firebase-admin, Firestore, Tasks, gax).
 * `then` is more code timed with it (e.g. building the Framework's server).
 */
export function timedRequire(modules: string[], then = ''): string {
  const requires = modules.map((m) => `require(${JSON.stringify(m)});`).join('') + then;
  return [
    "const fs=require('node:fs');",
    'const before=new Set(Object.keys(require.cache));',
    'const t0=process.hrtime.bigint();',
    requires,
    'const ms=Number(process.hrtime.bigint()-t0)/1e6;',
    'const files=Object.keys(require.cache).filter((f)=>!before.has(f));',
    'let bytes=0;for(const f of files){try{bytes+=fs.statSync(f).size}catch{}}',
    // Files of the Google clients: these should load on first use, not at init.
    'const google=files.filter((f)=>/node_modules[\\\\/](firebase-admin|@google-cloud[\\\\/](firestore|tasks)|google-gax)[\\\\/]/.test(f)).length;',
    "process.stdout.write('\\n'+JSON.stringify({ms,modules:files.length,bytes,google})+'\\n');",
    // A module that leaves a timer or socket open must not stall the sample.
    'process.exit(0);',
  ].join('');
}

/** Runs one fresh process and returns what it printed last (a number becomes `{ms}`). */
export function runOnce(candidate: Candidate, env: NodeJS.ProcessEnv = {}): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', candidate.script], {
      cwd: candidate.cwd,
      env: { ...process.env, METADATA_SERVER_DETECTION: 'none', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const value = parseSample(out.trim().split('\n').pop() ?? '');
      if (code !== 0 || !value) {
        reject(new Error(`${candidate.name}: exit ${code}; ${(err || out).trim().split('\n').slice(-5).join(' | ')}`));
      } else resolve(value);
    });
  });
}

function parseSample(line: string): Sample | undefined {
  try {
    const v: unknown = JSON.parse(line);
    if (typeof v === 'number' && Number.isFinite(v)) return { ms: v };
    if (v && typeof v === 'object' && typeof (v as Sample).ms === 'number') return v as Sample;
  } catch {
    // not a figure: the caller reports the process's output
  }
  return undefined;
}

/**
 * `runs` samples of every candidate, interleaved (A B C A B C …) so that drift
 * in the machine's load falls on all of them alike. One warm-up round first
 * (disk cache), not counted.
 */
export async function sampleInterleaved(
  candidates: Candidate[],
  runs: number,
  env: NodeJS.ProcessEnv = {},
  onRound?: (round: number) => void,
): Promise<Map<string, Sample[]>> {
  const samples = new Map(candidates.map((c) => [c.name, [] as Sample[]]));
  for (const c of candidates) await runOnce(c, env);
  for (let round = 0; round < runs; round++) {
    for (const c of candidates) samples.get(c.name)?.push(await runOnce(c, env));
    onRound?.(round + 1);
  }
  return samples;
}

/** One named figure of every sample (e.g. all the `ms`). */
export function field(samples: Sample[] | undefined, name = 'ms'): number[] {
  return (samples ?? []).map((s) => s[name]).filter((v): v is number => typeof v === 'number');
}

/** Median milliseconds of `runs` fresh-process samples of one candidate. */
export async function medianOfFreshProcesses(
  candidate: Candidate,
  runs: number,
  env?: NodeJS.ProcessEnv,
): Promise<number> {
  const samples = await sampleInterleaved([candidate], runs, env);
  return median(field(samples.get(candidate.name)));
}
