// `npm start`: builds the web app and the local stack (esbuild, about a second),
// then runs the stack on Node 22. Ctrl-C reaches the stack, which stops cleanly.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleOurs } from '../../scripts/bundle-ours.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outfile = join(root, '.build', 'local', 'main.js');

const webBuild = join(root, 'web', 'scripts', 'build.mjs');
if (existsSync(webBuild)) await import(webBuild).then((m) => m.buildWeb?.({ quiet: true }));

// Packages load from node_modules as they do in production; only our code (this
// repository's workspaces, which ship TypeScript sources) is bundled.
await bundleOurs({ entryPoints: [join(root, 'local', 'src', 'main.ts')], outfile });

const child = spawn(process.execPath, ['--enable-source-maps', '--disable-warning=ExperimentalWarning', outfile], {
  stdio: 'inherit',
  env: { METADATA_SERVER_DETECTION: 'none', ...process.env },
});
// The terminal sends Ctrl-C to both processes; the stack handles it, we wait for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
