// Runs one bundled suite in its own process (started by bench/run.mjs) and
// writes its sections, or its error, as JSON to the file named on the command
// line. A process per suite: each starts with fresh process-wide adapters, and
// a suite that leaves a handle open or crashes cannot stall or poison the rest.
const { writeFileSync } = require('node:fs');

const [bundle, outFile] = process.argv.slice(2);

async function main() {
  const suite = require(bundle);
  if (typeof suite.run !== 'function') throw new Error('the suite does not export `run` (a BenchSuite)');
  const sections = await suite.run();
  if (!Array.isArray(sections)) throw new Error('the suite returned something other than an array of sections');
  writeFileSync(outFile, JSON.stringify({ ok: true, sections }));
}

/** The message and the first frames in our own code; frames inside packages or Node say little here. */
function describe(err) {
  if (!(err instanceof Error)) return String(err);
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((l) => /^\s+at /.test(l) && !/node_modules|node:internal|\(node:/.test(l))
    .slice(0, 4);
  return [`${err.name}: ${err.message}`, ...frames].join('\n');
}

main().then(
  () => process.exit(0),
  (err) => {
    writeFileSync(outFile, JSON.stringify({ ok: false, error: describe(err) }));
    process.exit(1);
  },
);
