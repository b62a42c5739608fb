// `npm run typecheck`: the TypeScript compiler over each configuration, side by
// side (they share nothing, and each is mostly one core's work):
//   tsconfig.json            core, functions, local, the integration tests, scripts, bench
//   web/tsconfig.json        the web app alone, with DOM types and without Node's
//   web/test/tsconfig.json   the web app's tests (jest and Node types)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = ['tsconfig.json', 'web/tsconfig.json', 'web/test/tsconfig.json'];

const results = await Promise.all(
  projects.map(
    (project) =>
      new Promise((resolve) => {
        let output = '';
        const child = spawn(process.execPath, [tsc, '-p', project], { stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('close', (code) => resolve({ project, code, output }));
      }),
  ),
);
for (const r of results) if (r.output) process.stdout.write(r.output);
const failed = results.filter((r) => r.code !== 0).map((r) => r.project);
if (failed.length) {
  process.stderr.write(`typecheck: errors in ${failed.join(', ')}\n`);
  process.exit(1);
}
