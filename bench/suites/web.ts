/**
 * The web app's weight and speed. (1) JavaScript a browser must fetch before the
 * first screen, gzipped, against a named baseline: the same app with the
 * Firebase SDK imported eagerly (what a plain `import 'firebase/…'` gives). In
 * production the first data needs the lean Firebase chunk too (app, auth and the
 * Firestore REST reader); the Firestore SDK chunk that follows is shown apart.
 * (2) Time to the dashboard's first render with data in headless Chromium
 * against the local stack, read from the app's own `ap:dashboard-rendered`
 * performance mark (milliseconds since navigation start).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startLocalStack } from '@agent-platform/local';
import { chromium } from 'playwright-core';
import { median } from '../lib/stats';
import type { BenchSection, BenchSuite } from '../lib/types';

// bench/run.mjs runs suites from the repository root (this file is bundled elsewhere).
const ROOT = process.cwd();
const BUILD = join(ROOT, 'web', 'scripts', 'build.mjs');
const CHROMIUM = '/usr/bin/chromium';

interface Metafile {
  outputs: Record<
    string,
    { bytes: number; entryPoint?: string; imports: { path: string; kind: string; external?: boolean }[] }
  >;
}
interface Built {
  outdir: string;
  entry: string;
  firstScreen: string[];
  metafile: Metafile;
}

function build(entry?: string, outdir?: string): Built {
  const args = [BUILD, '--json', ...(entry ? ['--entry', entry] : []), ...(outdir ? ['--outdir', outdir] : [])];
  const out = execFileSync(process.execPath, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).toString();
  return JSON.parse(out.trim().split('\n').at(-1)!) as Built;
}

/** The output files a module pulls in with static imports (the files a browser must load with it). */
function closure(meta: Metafile, start: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !meta.outputs[file]) return;
    seen.add(file);
    for (const imp of meta.outputs[file]!.imports)
      if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
  };
  visit(start);
  return seen;
}

const gzipKb = (files: Iterable<string>) => {
  let bytes = 0;
  for (const f of files) bytes += gzipSync(readFileSync(resolve(ROOT, f)), { level: 9 }).length;
  return Math.round((bytes / 1024) * 10) / 10;
};

function outputFor(meta: Metafile, suffix: string): string | undefined {
  return Object.keys(meta.outputs).find((o) => meta.outputs[o]?.entryPoint?.endsWith(suffix));
}

function weight(): BenchSection {
  const work = mkdtempSync(join(tmpdir(), 'web-bench-'));
  try {
    const lazy = build(undefined, join(work, 'lazy'));
    const mainOut = outputFor(lazy.metafile, 'web/src/main.ts')!;
    const localFirst = closure(lazy.metafile, mainOut);
    // Production: connect.ts imports the lean Firebase adapter (app, auth, REST reader) before the
    // dashboard can show data; the Firestore SDK and the Google linking code load after, lazily.
    const fbOut = outputFor(lazy.metafile, 'web/src/data/firebase-backend.ts');
    const prodFirst = new Set([...localFirst, ...(fbOut ? closure(lazy.metafile, fbOut) : [])]);
    const after = (entry: string) => {
      const out = outputFor(lazy.metafile, entry);
      return out ? [...closure(lazy.metafile, out)].filter((f) => !prodFirst.has(f)) : [];
    };
    const firestoreAfter = after('web/src/data/firestore-live.ts');
    const linkingAfter = after('web/src/data/firebase-link.ts');

    // Baseline: the same app with every Firebase module (and so the whole SDK) imported statically.
    const eagerEntry = join(work, 'eager-main.ts');
    const eagerImports = ['firebase-backend.ts', 'firestore-live.ts', 'firebase-link.ts', '../main.ts']
      .map((f) => join(ROOT, 'web/src/data', f))
      .filter((f) => existsSync(f))
      .map((f) => `import ${JSON.stringify(f)};\n`)
      .join('');
    writeFileSync(eagerEntry, eagerImports);
    const eager = build(eagerEntry, join(work, 'eager'));
    const eagerOut = outputFor(eager.metafile, 'eager-main.ts')!;
    const eagerFirst = closure(eager.metafile, eagerOut);

    const baseline = 'same app, Firebase SDK imported eagerly';
    const eagerKb = gzipKb(eagerFirst);
    const localKb = gzipKb(localFirst);
    const prodKb = gzipKb(prodFirst);
    const allKb = gzipKb(Object.keys(lazy.metafile.outputs).filter((o) => o.endsWith('.js')));
    return {
      id: 'web-weight',
      title: 'Web app: JavaScript before the first screen (gzipped)',
      method:
        'esbuild production build (web/scripts/build.mjs); the entry chunk and every chunk it imports statically, each gzipped at level 9 and summed. ' +
        'Production first data screen: those chunks plus the lean Firebase adapter chunk (firebase-backend.ts: app, auth, REST reader) and its static imports. ' +
        'Chunks loaded later are counted apart, without the chunks already loaded. ' +
        'The baseline is the same build with an entry that imports every Firebase module statically.',
      rows: [
        { label: `baseline: ${baseline}`, value: eagerKb, unit: 'KB' },
        {
          label: 'first screen (shell + dashboard), lazy Firebase',
          value: localKb,
          unit: 'KB',
          ratio: localKb / eagerKb,
          baseline,
        },
        {
          label:
            'production first data screen (shell + dashboard + lean Firebase adapter: app, auth, Firestore REST reader)',
          value: prodKb,
          unit: 'KB',
          ratio: prodKb / eagerKb,
          baseline,
        },
        {
          label: 'Firestore SDK chunk, loaded after the first data (live updates)',
          value: gzipKb(firestoreAfter),
          unit: 'KB',
        },
        { label: 'Google linking chunk, loaded on “link”', value: gzipKb(linkingAfter), unit: 'KB' },
        { label: 'all JavaScript of the app (every page, lazily loaded)', value: allKb, unit: 'KB' },
      ],
      notes: [
        'Target: ≤ 150 KB gzipped before the first screen.',
        'In production the shell paints "starting your session" before the Firebase chunk arrives; the dashboard’s first data comes from the Firestore REST API (runQuery) through the lean adapter, and onSnapshot takes over once the Firestore SDK chunk has loaded.',
        'Much of the popup resolver stays in the shared auth chunk: esbuild splits @firebase/auth by file, not by function, and it ships as one file.',
      ],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function firstRender(): Promise<BenchSection> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is missing at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk`);
  build(); // the stack serves web/dist
  const dataDir = mkdtempSync(join(tmpdir(), 'web-bench-data-'));
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ANTHROPIC_API_KEY;
  const stack = await startLocalStack({ port: 0, dataDir, rootDir: ROOT, env, autoTick: false });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const samples = 9;
  const mark = async (page: import('playwright-core').Page) => {
    await page.waitForFunction(() => performance.getEntriesByName('ap:dashboard-rendered').length > 0, null, {
      timeout: 30_000,
    });
    return page.evaluate(() => performance.getEntriesByName('ap:dashboard-rendered')[0]!.startTime);
  };
  try {
    // A first visit: empty cache, a new guest session, the empty dashboard.
    const cold: number[] = [];
    for (let i = 0; i < samples; i++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(stack.url);
      cold.push(await mark(page));
      await ctx.close();
    }
    // A returning guest with 20 agents: same session, cached assets.
    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(stack.url);
    await mark(page);
    const raw = await page.evaluate(() => localStorage.getItem('ap.guest'));
    const guest = JSON.parse(raw!) as { idToken: string };
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${stack.url}/api/agents`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${guest.idToken}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          name: `Agent ${i}`,
          finalAgentPrompt: 'Summarise the news',
          status: 'active',
          schedule: { frequency: 'daily', time: '08:00', timezone: 'Asia/Seoul' },
        }),
      });
      if (res.status !== 201) throw new Error(`creating an agent answered ${res.status}: ${await res.text()}`);
    }
    const warm: number[] = [];
    for (let i = 0; i < samples; i++) {
      await page.reload();
      warm.push(await mark(page));
    }
    await ctx.close();
    const r = (x: number) => Math.round(x);
    return {
      id: 'web-first-render',
      title: 'Web app: time to the dashboard’s first render (headless Chromium, local stack)',
      method: `Median of ${samples} page loads; the app marks \`ap:dashboard-rendered\` when the dashboard first renders with its live data; the figure is that mark's time since navigation start.`,
      rows: [
        { label: 'first visit (new guest, empty cache, empty dashboard)', value: r(median(cold)), unit: 'ms' },
        { label: 'returning guest, 20 agents, cached assets', value: r(median(warm)), unit: 'ms' },
      ],
      notes: [
        'Loopback network, no throttling: this measures the app’s own work, not the network.',
        'No baseline: the local stack serves one build of web/dist.',
      ],
    };
  } finally {
    await browser.close();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export const run: BenchSuite = async () => [weight(), await firstRender()];
