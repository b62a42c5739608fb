// `npm run backfill:unqueued -- --project <id> [--dry-run]`: the one-off backfill of agents'
// `unqueuedRunAt` (functions/src/runs/backfill-unqueued.ts; docs/scaling.md, "The tick reads
// only what changed") on a deployment whose agents were saved before the mark existed.
//
// It runs here, not as a function: the functions' code is bundled with esbuild (packages
// external, loaded from node_modules as `npm start` does) and talks to that project's
// Firestore through the production Store adapter, with Application Default Credentials
// (`gcloud auth application-default login`; the account needs roles/datastore.user).
// The project is never guessed (no GOOGLE_CLOUD_PROJECT, no gcloud default): without
// `--project` it refuses. `--dry-run` reads and counts, and writes nothing.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const USAGE = `Usage: npm run backfill:unqueued -- --project <project-id> [--dry-run] [--page-size <n>]

Gives every agent saved before \`unqueuedRunAt\` existed the mark the sweeper looks for
(docs/scaling.md). Reads every agent once; writes one field on each agent that lacks it.
Credentials: Application Default Credentials (gcloud auth application-default login).`;

function fail(message, code = 2) {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(code);
}

let args;
try {
  args = parseArgs({
    options: {
      project: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      'page-size': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
} catch (err) {
  fail(`backfill:unqueued: ${err.message}`);
}
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const project = args.project?.trim();
if (!project) fail('backfill:unqueued: refusing to run without an explicit --project <project-id>.');
const pageSize = args['page-size'] === undefined ? undefined : Number(args['page-size']);
if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize >= 1 && pageSize <= 500))
  fail('backfill:unqueued: --page-size must be a whole number from 1 to 500.');
const dryRun = args['dry-run'];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, '.build', 'backfill-unqueued', 'index.js');
const { bundleOurs } = await import('./bundle-ours.mjs');
await bundleOurs({
  stdin: {
    contents: [
      "export { backfillUnqueued } from './runs/backfill-unqueued';",
      "export { FirestoreStore } from './adapters/firestore-store';",
    ].join('\n'),
    resolveDir: join(root, 'functions', 'src'),
    sourcefile: 'backfill-unqueued-entry.ts',
    loader: 'ts',
  },
  outfile,
});
const { backfillUnqueued, FirestoreStore } = createRequire(import.meta.url)(outfile);

const emulator = process.env.FIRESTORE_EMULATOR_HOST;
const where = emulator ? `the Firestore emulator at ${emulator} (FIRESTORE_EMULATOR_HOST)` : 'Firestore';
console.log(`backfill:unqueued: project ${project}, ${where}${dryRun ? ', dry run: nothing is written' : ''}`);

// The client library rejects some failures (no credentials) outside the call that awaits them.
const stop = (err) => {
  process.stderr.write(`backfill:unqueued: stopped: ${err?.stack ?? err}\n`);
  if (/default credentials/i.test(String(err?.message)))
    process.stderr.write('Sign in first: gcloud auth application-default login\n');
  process.stderr.write('Nothing is half-written (one transaction per agent); running it again continues.\n');
  process.exit(1);
};
process.on('unhandledRejection', stop);

const counts = (r) =>
  `scanned ${r.scanned}: marked ${r.marked}, already queued ${r.alreadyQueued}, cleared ${r.cleared}, skipped ${r.skipped}`;
try {
  const report = await backfillUnqueued(
    { store: new FirestoreStore({ projectId: project }) },
    {
      dryRun,
      pageSize,
      onPage: (r) => console.log(`  ${counts(r)}`),
      onUnreadable: (id) => console.warn(`  agents/${id} is not an agent's shape: left alone`),
    },
  );
  console.log(`backfill:unqueued: done${dryRun ? ' (dry run, nothing written)' : ''}: ${counts(report)}`);
  console.log(JSON.stringify(report));
} catch (err) {
  stop(err);
}
