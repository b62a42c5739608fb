'use strict';
// A deployed function's entry point (its package.json "main"), copied beside the esbuild
// bundle app.js by scripts/build-functions.mjs.
//
// It runs app.js from the V8 code cache in app.js.cache when there is one. The cache is
// made during the deploy's build: Cloud Functions runs the package's `gcp-build` script
// (https://cloud.google.com/docs/buildpacks/nodejs#executing_custom_build_steps_during_deployment),
// which is `node index.js`: it runs the bundle once and saves the cache only after the
// run, so it holds every function the bundle compiled while loading (zod's classes, the
// schemas), not only its top level. A cold start then reads bytecode instead of compiling:
// about 45 → 18 ms for the agents bundle (docs/scaling.md, "Cold start").
//
// V8 refuses a cache made by another V8 version or with other V8 flags (a NODE_OPTIONS
// heap size, for instance); the bundle is then compiled as usual and one warning says so.
const fs = require('node:fs');
const path = require('node:path');
const vm = require('node:vm');
const { createRequire, wrap } = require('node:module');

const BUNDLE = path.join(__dirname, 'app.js');
const CACHE = `${BUNDLE}.cache`;

/**
 * Runs app.js as Node runs a CommonJS file; returns the compiled script. (The build turns
 * the bundle's import() into require(), which this script could not serve otherwise.)
 */
function runBundle(cachedData) {
  const script = new vm.Script(wrap(fs.readFileSync(BUNDLE, 'utf8')), {
    filename: BUNDLE,
    cachedData,
  });
  const bundle = { exports: {}, id: BUNDLE, filename: BUNDLE, loaded: false };
  script.runInThisContext()(bundle.exports, createRequire(BUNDLE), bundle, BUNDLE, __dirname);
  bundle.loaded = true;
  return script;
}

function readCache() {
  try {
    return fs.readFileSync(CACHE);
  } catch {
    return undefined;
  }
}

if (require.main === module) {
  // `npm run gcp-build`, at deploy: load once, then keep what V8 compiled. A cache only
  // saves time, so failing to make one never fails the deploy.
  try {
    const data = runBundle(undefined).createCachedData();
    fs.writeFileSync(CACHE, data);
    console.log(`code cache: ${path.basename(CACHE)} (${Math.round(data.length / 1024)} KiB)`);
  } catch (err) {
    console.warn(`code cache not written (the function starts without it): ${err?.message}`);
  }
  process.exit(0);
} else {
  const cachedData = readCache();
  const script = runBundle(cachedData);
  if (cachedData && script.cachedDataRejected)
    console.warn(
      JSON.stringify({
        severity: 'WARNING',
        message: `V8 refused ${path.basename(CACHE)} (made by another Node version or with other V8 flags): app.js was compiled instead, a slower cold start.`,
      }),
    );
}
