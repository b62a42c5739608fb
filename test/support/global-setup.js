// Builds the web app once before the first test that serves it runs (the browser
// tests and `npm start` serve web/dist). Two projects declare this set-up; the
// second finds it done. Building while another run serves web/dist is safe: the
// build swaps the new files in (web/scripts/build.mjs).
const { execFileSync } = require('node:child_process');
const { join } = require('node:path');

module.exports = async function globalSetup() {
  if (process.env.AGENT_PLATFORM_WEB_BUILT) return;
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'web', 'scripts', 'build.mjs')], { stdio: 'pipe' });
  process.env.AGENT_PLATFORM_WEB_BUILT = '1';
};
