/**
 * `npm start`: the whole platform on this machine. Reads PORT (default 5000)
 * and LOCAL_DATA_DIR (default .local-data/), prints the URL when ready, and
 * stops every part cleanly on Ctrl-C.
 */
import { join, resolve } from 'node:path';
import { describeConfig, log } from '@agent-platform/functions/host';
import { startLocalStack } from './stack';

async function main(): Promise<void> {
  const rootDir = resolve(__dirname, '..', '..');
  const port = Number(process.env.PORT ?? 5000);
  const dataDir = resolve(process.env.LOCAL_DATA_DIR ?? join(rootDir, '.local-data'));
  const stack = await startLocalStack({ port, host: process.env.HOST ?? '127.0.0.1', dataDir, rootDir });
  log.info('local stack configuration', { config: describeConfig(stack.config), dataDir });
  const url = stack.url.replace('127.0.0.1', 'localhost');
  process.stdout.write(
    `\nAgent platform running at ${url}\n` +
      `  data: ${dataDir}\n` +
      `  model: ${stack.offlineModel ? 'offline stand-in (set ANTHROPIC_API_KEY for Claude)' : 'Claude API'}\n` +
      '  Ctrl-C to stop\n\n',
  );
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`Could not start the local stack: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
