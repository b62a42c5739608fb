/**
 * Workspace runs: how much longer a local workspace run (Claude Code from npm in a
 * fresh temporary folder, its file kept) takes than a Messages run of the same
 * prompt, both against the offline model on the local stack, from run-now to the
 * finished execution.
 */
import { startStack } from '../../test/support/stack';
import { progress } from '../lib/progress';
import { median, ratio, round } from '../lib/stats';
import type { BenchSuite } from '../lib/types';

const RUNS = 5;
const PROMPT = 'Draw a chart of monthly sales and save it as a file.';
const BASELINE = 'Messages run of the same prompt (offline model, local stack)';

export const run: BenchSuite = async () => {
  // A workspace run holds its whole worst case (about $1 by default), more than a guest's default budget.
  const stack = await startStack({ env: { GUEST_MONTHLY_BUDGET_USD: '100' } });
  try {
    const user = await stack.guest();
    const timed = async (engine: 'messages' | 'workspace') => {
      const agent = await stack.api(user.idToken, 'POST', '/api/agents', {
        name: engine,
        finalAgentPrompt: PROMPT,
        engine,
      });
      const samples: number[] = [];
      const problems: string[] = [];
      for (let i = 0; i < RUNS; i++) {
        progress('workspace', `${engine} run ${i + 1}/${RUNS}`);
        const t0 = performance.now();
        const started = await stack.api(user.idToken, 'POST', `/api/agents/${agent.body.id}/run`);
        await stack.tasks.idle();
        samples.push(performance.now() - t0);
        const run = (await stack.api(user.idToken, 'GET', `/api/executions/${started.body.executionId}`)).body;
        if (run.status !== 'success') problems.push(`${engine} run ${i + 1} ended ${run.status}: ${run.error}`);
        stack.clock.advance(60_000); // past the run-now limit's minute
      }
      return { ms: median(samples), problems };
    };
    const messages = await timed('messages');
    const workspace = await timed('workspace');
    return [
      {
        id: 'workspace-overhead',
        title: 'Workspace run against a Messages run',
        method: `Median of ${RUNS} run-now calls each, from the request to the finished execution, on one local stack with the offline model; the workspace run spawns Claude Code, which writes and keeps one file.`,
        rows: [
          { label: 'Messages run', value: round(messages.ms), unit: 'ms' },
          {
            label: 'Workspace run',
            value: round(workspace.ms),
            unit: 'ms',
            ratio: ratio(workspace.ms, messages.ms),
            baseline: BASELINE,
          },
        ],
        problems: [...messages.problems, ...workspace.problems],
      },
    ];
  } finally {
    await stack.stop();
  }
};
