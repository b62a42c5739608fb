// `npm run bench [-- suite-name…]`: bundles every bench/suites/*.ts with esbuild
// (packages external but ours, as local/scripts/start.mjs does) into bench/.work/, runs
// each in its own Node 22 process one after another, and writes bench/RESULTS.md
// and bench/results.json. A failing suite is recorded with its error and makes
// the exit code non-zero; the others still run.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleOurs } from '../scripts/bundle-ours.mjs';
import { describeMachine, sameMachine } from './lib/machine.mjs';
import { EXPECTED_SUITES, renderResults } from './lib/report.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = join(benchDir, '..');
const suitesDir = join(benchDir, 'suites');
const workDir = join(benchDir, '.work');
const resultsJson = join(benchDir, 'results.json');
const resultsMd = join(benchDir, 'RESULTS.md');
const host = join(benchDir, 'lib', 'host.cjs');
// Generous for one suite, yet the whole run stays near ten minutes on two cores.
const timeoutMs = Number(process.env.BENCH_SUITE_TIMEOUT_S ?? 360) * 1000;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write(
    'usage: npm run bench [-- suite-name…]\n' +
      '  Runs bench/suites/*.ts (or only the named ones) and writes bench/RESULTS.md and bench/results.json.\n' +
      '  BENCH_SUITE_TIMEOUT_S caps each suite (default 360). Logs: bench/.work/<suite>.log\n',
  );
  process.exit(0);
}

/** Node 22 for the suites: this process if it is 22+, else the `node` dev dependency. */
function node22() {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const local = join(root, 'node_modules', 'node', 'bin', 'node');
  if (existsSync(local)) return local;
  throw new Error(`bench needs Node 22 (this is ${process.version}); run it with \`npm run bench\` after npm ci.`);
}

function nodeVersion(bin) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['-p', 'process.version'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.on('error', reject);
    child.on('close', () => resolve(out.trim()));
  });
}

const available = readdirSync(suitesDir)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
  .map((f) => basename(f, '.ts'));
const unknown = args.filter((a) => !available.includes(a));
if (unknown.length) {
  process.stderr.write(`bench: no suite named ${unknown.join(', ')}; available: ${available.join(', ')}\n`);
  process.exit(2);
}
const order = (n) => (EXPECTED_SUITES.includes(n) ? EXPECTED_SUITES.indexOf(n) : EXPECTED_SUITES.length);
const selected = (args.length ? args : available).sort((a, b) => order(a) - order(b) || a.localeCompare(b));

rmSync(workDir, { recursive: true, force: true });
mkdirSync(workDir, { recursive: true });

const nodeBin = node22();
const machine = describeMachine(await nodeVersion(nodeBin));
const missing = EXPECTED_SUITES.filter((n) => !available.includes(n));
process.stdout.write(
  `bench: ${selected.length} suite(s): ${selected.join(', ')}\n` +
    (missing.length ? `bench: not yet written: ${missing.join(', ')}\n` : '') +
    `bench: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}\n`,
);

let current;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current?.pid) killGroup(current.pid);
    process.exit(130);
  });
}

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Bundles one suite; returns the bundle's path. */
async function bundle(name) {
  const outfile = join(workDir, `${name}.js`);
  // Packages load from node_modules as they do in production; only our code is bundled.
  await bundleOurs({ entryPoints: [join(suitesDir, `${name}.ts`)], outfile, logLevel: 'silent' });
  return outfile;
}

/**
 * Runs one bundled suite in a fresh process. Its stderr (progress) and any
 * stdout line that is not a JSON log line reach the terminal; everything goes
 * to bench/.work/<name>.log.
 */
function runSuite(name, file) {
  const outFile = join(workDir, `${name}.result.json`);
  const logFile = join(workDir, `${name}.log`);
  const log = createWriteStream(logFile);
  return new Promise((resolve) => {
    const child = spawn(
      nodeBin,
      ['--enable-source-maps', '--disable-warning=ExperimentalWarning', host, file, outFile],
      {
        cwd: root,
        // Its own process group, so a timeout also ends what the suite started.
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          METADATA_SERVER_DETECTION: 'none',
          LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARNING',
          BENCH_SUITE: name,
        },
      },
    );
    current = child;
    let tail = [];
    const pipeLines = (stream, toTerminal) => {
      let buf = '';
      stream.on('data', (d) => {
        log.write(d);
        buf += d;
        const lines = buf.split('\n');
        buf = lines.pop() ?? '';
        for (const line of lines) {
          tail = [...tail.slice(-19), line];
          if (toTerminal(line)) process.stdout.write(`${line}\n`);
        }
      });
    };
    pipeLines(child.stderr, () => true);
    pipeLines(child.stdout, (line) => line.trim() !== '' && !line.startsWith('{'));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = undefined;
      log.end();
      const logPath = relative(root, logFile);
      if (timedOut)
        return resolve({
          status: 'timed out',
          error: `stopped after ${timeoutMs / 1000} s\n${tail.join('\n')}`,
          log: logPath,
        });
      let result;
      try {
        result = JSON.parse(readFileSync(outFile, 'utf8'));
      } catch {
        return resolve({
          status: 'failed',
          error: `the suite's process ended (${signal ?? `exit ${code}`}) without a result\n${tail.join('\n')}`,
          log: logPath,
        });
      }
      if (!result.ok) return resolve({ status: 'failed', error: result.error, log: logPath });
      const invalid = validate(result.sections);
      if (invalid) return resolve({ status: 'failed', error: `returned malformed sections: ${invalid}`, log: logPath });
      resolve({ status: 'ok', sections: result.sections, log: logPath });
    });
  });
}

/** A reason the sections do not match bench/lib/types.ts, or undefined. */
function validate(sections) {
  for (const s of sections) {
    if (!s || typeof s.id !== 'string' || typeof s.title !== 'string' || !Array.isArray(s.rows))
      return 'a section lacks id, title or rows';
    for (const r of s.rows) {
      if (typeof r.label !== 'string' || typeof r.unit !== 'string') return `a row of ${s.id} lacks label or unit`;
      // JSON turns NaN into null; a row must carry a measured number.
      if (typeof r.value !== 'number') return `row "${r.label}" of ${s.id} has no numeric value`;
    }
  }
  return undefined;
}

/** The gist of an error for the terminal: its first two non-empty lines (RESULTS.md has all of it). */
function firstLines(error) {
  return String(error)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 2)
    .join(' — ');
}

const records = [];
const started = Date.now();
for (const name of selected) {
  const t0 = Date.now();
  const measuredAt = new Date().toISOString();
  // Other work on the machine skews timings; the record says how busy it was.
  const loadAverage = Math.round(os.loadavg()[0] * 100) / 100;
  process.stdout.write(`\nbench: ${name} …\n`);
  let outcome;
  try {
    outcome = await runSuite(name, await bundle(name));
  } catch (err) {
    // esbuild's own errors say where: "file:line: text", one per line.
    const where = (err.errors ?? []).map(
      (e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`,
    );
    outcome = {
      status: 'failed',
      error: `could not bundle bench/suites/${name}.ts: ${where.length ? where.join('\n') : err.message}`,
    };
  }
  const seconds = Math.round((Date.now() - t0) / 100) / 10;
  records.push({ name, measuredAt, loadAverage, seconds, ...outcome });
  const rows = outcome.sections?.reduce((n, s) => n + s.rows.length, 0) ?? 0;
  process.stdout.write(
    outcome.status === 'ok'
      ? `bench: ${name} done in ${seconds} s (${outcome.sections.length} section(s), ${rows} figure(s))\n`
      : `bench: ${name} ${outcome.status.toUpperCase()} after ${seconds} s: ${firstLines(outcome.error)}\n`,
  );
}

// A partial run keeps the other suites' last results, if they came from this machine.
let suites = records;
if (args.length && existsSync(resultsJson)) {
  try {
    const previous = JSON.parse(readFileSync(resultsJson, 'utf8'));
    if (sameMachine(previous.machine, machine)) {
      suites = [...previous.suites.filter((s) => !selected.includes(s.name) && available.includes(s.name)), ...records];
    }
  } catch {
    // an unreadable old file is simply replaced
  }
}

const record = {
  generatedAt: new Date().toISOString(),
  command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
  machine,
  missing,
  suites,
};
writeFileSync(resultsJson, `${JSON.stringify(record, null, 2)}\n`);
writeFileSync(resultsMd, renderResults(record));

const bad = records.filter((r) => r.status !== 'ok');
const problems = records.filter((r) => r.sections?.some((s) => s.problems?.length));
process.stdout.write(
  `\nbench: ${records.length - bad.length}/${records.length} suite(s) ok in ${Math.round((Date.now() - started) / 1000)} s` +
    `${bad.length ? `; failed: ${bad.map((r) => r.name).join(', ')}` : ''}` +
    `${problems.length ? `; claims that did not hold in: ${problems.map((r) => r.name).join(', ')}` : ''}` +
    `${missing.length ? `; not yet written: ${missing.join(', ')}` : ''}\n` +
    `bench: wrote ${relative(root, resultsMd)} and ${relative(root, resultsJson)}\n`,
);
process.exit(bad.length || problems.length ? 1 : 0);
