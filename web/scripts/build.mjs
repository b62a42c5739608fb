// Builds the web app into web/dist: ES modules with code splitting, hashed file
// names under dist/assets/ (cacheable forever), and an index.html that loads the
// entry and preloads the chunks it imports statically (the first screen's JS).
// Usage: `npm run build` (or `node web/scripts/build.mjs`). bench/suites/web.ts
// builds variants with `--entry <file> --outdir <dir> --json`, which prints the
// metafile-derived facts as JSON instead of a line of text.
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const webDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Builds the app. Returns the output directory, the entry file and the files
 * loaded before the first screen (the entry and its static imports).
 * @param {{ entry?: string, outdir?: string }} [options]
 */
export async function buildWeb({ entry = join(webDir, 'src/main.ts'), outdir = join(webDir, 'dist') } = {}) {
  // Build beside the target, then swap it in: a server reading web/dist (npm start,
  // a test run) never sees it half-written or missing for more than a rename.
  const stamp = `${process.pid}-${Date.now()}`;
  const staging = `${outdir}.staging-${stamp}`;
  const built = await buildInto(entry, staging);
  const old = `${outdir}.old-${stamp}`;
  await rename(outdir, old).catch(() => {});
  await rename(staging, outdir);
  await rm(old, { recursive: true, force: true });
  const moved = (file) => outdir + file.slice(staging.length);
  // The metafile names files by where they were written: name them where they are now.
  const metafile = JSON.parse(JSON.stringify(built.metafile).replaceAll(`.staging-${stamp}`, ''));
  return { ...built, outdir, metafile, entry: moved(built.entry), firstScreen: built.firstScreen.map(moved) };
}

async function buildInto(entry, outdir) {
  await rm(outdir, { recursive: true, force: true });
  const assets = join(outdir, 'assets');
  await mkdir(assets, { recursive: true });

  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    splitting: true, // lazy pages and the Firebase SDK become their own chunks
    format: 'esm',
    target: 'es2022',
    outdir: assets,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    minify: true,
    sourcemap: 'linked', // firebase.json keeps *.map off Hosting
    legalComments: 'linked',
    metafile: true,
    loader: { '.css': 'text' }, // uPlot's stylesheet, adopted into a shadow root
    tsconfig: join(webDir, 'tsconfig.json'), // legacy decorators, as Lit's docs use
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });

  // The entry's output, and everything it pulls in without a dynamic import.
  const outputs = result.metafile.outputs;
  const entryOut = Object.keys(outputs).find(
    (o) => outputs[o].entryPoint && resolve(outputs[o].entryPoint) === resolve(entry),
  );
  const firstScreen = new Set();
  const visit = (file) => {
    if (firstScreen.has(file)) return;
    firstScreen.add(file);
    for (const imp of outputs[file].imports) if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
  };
  visit(entryOut);

  const url = (file) => `/${relative(outdir, resolve(file)).split('\\').join('/')}`;
  const theme = await readFile(join(webDir, 'src/styles/theme.css'), 'utf8');
  const preloads = [...firstScreen]
    .filter((f) => f !== entryOut)
    .map((f) => `<link rel="modulepreload" href="${url(f)}">`)
    .join('\n    ');
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light dark">
    <meta name="description" content="Design AI agents by chatting, then let them run on schedule.">
    <title>Agent Studio</title>
    <link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 32 32'%3E%3Crect width='32' height='32' rx='8' fill='%234f46e5'/%3E%3Ctext x='16' y='22' font-size='16' text-anchor='middle' fill='white'%3E%E2%9C%A6%3C/text%3E%3C/svg%3E">
    <style>${theme}</style>
    <script type="module" src="${url(entryOut)}"></script>
    ${preloads}
  </head>
  <body>
    <app-shell><div class="boot">…</div></app-shell>
  </body>
</html>
`;
  await writeFile(join(outdir, 'index.html'), html);
  // The service worker: one file at the root (its scope is its folder), never hashed, so
  // a registration keeps its address across builds (src/sw.ts; Hosting serves it no-cache).
  await esbuild.build({
    entryPoints: [join(webDir, 'src/sw.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    outfile: join(outdir, 'sw.js'),
    minify: true,
    tsconfig: join(webDir, 'tsconfig.json'),
    logLevel: 'warning',
  });
  return {
    outdir,
    entry: resolve(entryOut),
    firstScreen: [...firstScreen].map((f) => resolve(f)),
    metafile: result.metafile,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? resolve(process.argv[i + 1]) : undefined;
  };
  const built = await buildWeb({ entry: arg('entry'), outdir: arg('outdir') });
  if (process.argv.includes('--json')) console.log(JSON.stringify(built));
  else
    console.log(
      `web: built ${relative(process.cwd(), built.outdir)} (${built.firstScreen.length} file(s) before first screen)`,
    );
}
