// Builds the web app once before any test file runs: the browser tests and the
// npm start test serve web/dist, and two files rebuilding it at once would
// delete each other's assets mid-test.
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'web', 'scripts', 'build.mjs')], { stdio: 'pipe' });
};
