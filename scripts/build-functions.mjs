// Builds one bundle per function (docs/architecture.md: one bundle per function, Google
// client libraries external). The functions and their modules are read from
// functions/src/index.ts, the one list of what is deployed. Each bundle lands in
// dist/functions/<entryPoint>/ as app.js, run by index.js (scripts/function-entry.cjs)
// from the V8 code cache its deploy's build makes, with the package.json it deploys
// with (nodejs22).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const srcDir = join(root, 'functions', 'src');

// Read proto files via __dirname at run time (https://github.com/googleapis/nodejs-firestore/issues/1493), or must be
// the very copy the Functions Framework uses (express): never bundled.
const EXTERNAL = [
  '@google-cloud/*',
  'firebase-admin',
  'firebase-admin/*',
  'google-gax',
  'google-auth-library',
  'express',
  // Loaded on first model call only (functions/src/model/client.ts); most of a bundle's size otherwise.
  '@anthropic-ai/sdk',
  '@anthropic-ai/sdk/*',
  // Loaded on the first mail or push only (functions/src/deliveries/mail.ts, push.ts): 300 KiB otherwise parsed at every cold start.
  'nodemailer',
  'web-push',
];

/** `[{name, kind, exportName, module}]` from the registrations in index.ts. */
export function readRegistrations() {
  const index = readFileSync(join(srcDir, 'index.ts'), 'utf8');
  const modules = new Map();
  for (const m of index.matchAll(/import \{ (\w+) \} from '(\.\/[^']+)'/g)) modules.set(m[1], m[2]);
  return [...index.matchAll(/^(http|cloudEvent)\('([A-Za-z][\w-]*)', (\w+)\);$/gm)].map((m) => ({
    kind: m[1],
    name: m[2],
    exportName: m[3],
    module: modules.get(m[3]),
  }));
}

function packageVersion(name) {
  const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'));
  return pkg.version;
}

/** The npm package an import path belongs to (`@scope/name` or `name`). */
function packageOf(path) {
  const parts = path.split('/');
  return path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export async function buildFunctions({ quiet = false } = {}) {
  const outRoot = join(root, 'dist', 'functions');
  rmSync(outRoot, { recursive: true, force: true });
  const results = [];
  for (const fn of readRegistrations()) {
    const outDir = join(outRoot, fn.name);
    mkdirSync(outDir, { recursive: true });
    const result = await build({
      stdin: {
        contents: [
          `const { ${fn.kind} } = require('@google-cloud/functions-framework');`,
          `const { ${fn.exportName} } = require('${fn.module}');`,
          `${fn.kind}('${fn.name}', ${fn.exportName});`,
        ].join('\n'),
        resolveDir: srcDir,
        sourcefile: `${fn.name}-entry.ts`,
        loader: 'ts',
      },
      outfile: join(outDir, 'app.js'),
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      // import() of an external becomes require() on first use: index.js runs the bundle
      // through node:vm, whose dynamic import is still experimental in Node 22.
      supported: { 'dynamic-import': false },
      minify: true,
      sourcemap: 'linked',
      external: EXTERNAL,
      metafile: true,
      logLevel: quiet ? 'error' : 'warning',
    });
    const externals = new Set();
    for (const input of Object.values(result.metafile.inputs)) {
      // Node's own modules, also those imported without `node:` (nodemailer's `net`), ship with the runtime.
      for (const imp of input.imports)
        if (imp.external && !imp.path.startsWith('node:') && !builtinModules.includes(packageOf(imp.path)))
          externals.add(packageOf(imp.path));
    }
    externals.add('@google-cloud/functions-framework');
    const dependencies = Object.fromEntries([...externals].sort().map((p) => [p, packageVersion(p)]));
    copyFileSync(join(root, 'scripts', 'function-entry.cjs'), join(outDir, 'index.js'));
    const pkg = {
      name: `agent-platform-${fn.name.toLowerCase()}`,
      private: true,
      main: 'index.js',
      engines: { node: '22' },
      // Run by the deploy's build after `npm install`: writes app.js.cache (scripts/function-entry.cjs).
      scripts: { 'gcp-build': 'node index.js' },
      dependencies,
    };
    writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    const bytes = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('app.js'))?.[1].bytes ?? 0;
    results.push({ ...fn, outDir, bytes, dependencies });
    if (!quiet)
      console.log(
        `functions: ${fn.name} → dist/functions/${fn.name}/app.js (${(bytes / 1024).toFixed(0)} KiB; deps: ${Object.keys(dependencies).join(', ')})`,
      );
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // `--json` prints the build results for tests and benchmarks instead of the summary.
  const json = process.argv.includes('--json');
  const results = await buildFunctions({ quiet: json });
  if (json) process.stdout.write(JSON.stringify(results));
}
