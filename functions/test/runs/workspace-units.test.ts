/** The workspace engine's pure parts: kept names, the CLI's lines, the worst case, the estimate, the build's source. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyMonth } from '@agent-platform/core/usage';
import { artifactName, contentTypeOf, isArtifactName, uniqueName } from '../../src/artifacts/names';
import { estimateCost } from '../../src/chat/cost-estimate';
import { askThatFits, callAsk, runStartOf } from '../../src/runs/run-holds';
import { runWorkspace } from '../../src/runs/workspace/engine';
import type { WorkspaceRunner } from '../../src/runs/workspace/port';
import { readCliLine } from '../../src/runs/workspace/stream';
import { tarGz } from '../../src/runs/workspace/tar';
import {
  sessionBudgetUsd,
  workspaceTimeoutSeconds,
  workspaceTurnCeilingUsd,
  workspaceWorstCase,
} from '../../src/runs/workspace/worst-case';
import { loadConfig } from '../../src/shared/config';

const config = loadConfig({ PLATFORM_ENV: 'test' });
const now = new Date('2026-11-30T00:00:00Z');

describe('kept file names', () => {
  test.each([
    ['a nested chart', 'charts/q1.png', 'charts-q1.png'],
    ['a climb out of out/', '../../etc/passwd', 'etc-passwd'],
    ['a Korean name', '매출 차트.png', '매출_차트.png'],
    ['a Korean name from macOS (decomposed)', '매출 차트.png'.normalize('NFD'), '매출_차트.png'],
    ['emoji, a direction override and a zero-width space', 'a🚀\u202Egnp.exe\u200B.csv', 'a__gnp.exe_.csv'],
    ['a leading mark', '\u0301x.txt', 'x.txt'],
    ['a long name in letters outside the BMP keeps its extension', `${'𠀀'.repeat(120)}.png`, `${'𠀀'.repeat(96)}.png`],
    ['a hidden file', '.env', 'env'],
    ['dots only', '..', null],
  ])('%s', (_name, path, kept) => {
    expect(artifactName(path)).toBe(kept);
    if (kept) expect(isArtifactName(kept)).toBe(true);
  });

  test('names the download route refuses', () => {
    for (const bad of [
      '../store.db',
      'a/b',
      '.hidden',
      '',
      'x'.repeat(101),
      'a\0b',
      'a\u202Eb',
      'a b',
      '매출'.normalize('NFD'),
    ])
      expect(isArtifactName(bad)).toBe(false);
  });

  test('the same name twice gets a number; types follow the extension', () => {
    const taken = new Set<string>();
    expect([uniqueName('chart.png', taken), uniqueName('chart.png', taken)]).toEqual(['chart.png', 'chart-2.png']);
    expect([contentTypeOf('a.PNG'), contentTypeOf('a.csv'), contentTypeOf('run.sh')]).toEqual([
      'image/png',
      'text/csv',
      'application/octet-stream',
    ]);
  });
});

describe("Claude Code's stream-json lines", () => {
  test('tool calls become log lines and the final report carries usage and cost', () => {
    const tool = JSON.stringify({
      type: 'assistant',
      message: {
        content: [
          { type: 'text', text: 'ok' },
          { type: 'tool_use', name: 'Bash', input: { command: 'python3 plot.py\n--fast' } },
          { type: 'tool_use', name: 'Write', input: { file_path: '/tmp/x/workspace/out/chart.png' } },
        ],
      },
    });
    expect(readCliLine(tool)).toEqual([
      { kind: 'event', event: { code: 'workspace_command', params: { command: 'python3 plot.py --fast' } } },
      { kind: 'event', event: { code: 'workspace_file', params: { path: 'out/chart.png' } } },
    ]);
    const result = JSON.stringify({
      type: 'result',
      subtype: 'success',
      is_error: false,
      result: '# Done',
      total_cost_usd: 0.42,
      num_turns: 4,
      usage: { input_tokens: 10, output_tokens: 20, cache_read_input_tokens: 30, cache_creation_input_tokens: 40 },
    });
    expect(readCliLine(result)).toEqual([
      {
        kind: 'report',
        report: {
          result: '# Done',
          isError: false,
          subtype: 'success',
          costUsd: 0.42,
          turns: 4,
          usage: { input: 10, output: 20, cacheRead: 30, cacheWrite: 40, webSearches: 0, codeExecutionSeconds: 0 },
        },
      },
    ]);
    expect(readCliLine('not json')).toEqual([]);
  });
});

describe('the engine', () => {
  const runner = (files: { path: string; data: string }[], report: unknown): WorkspaceRunner => ({
    async run(_job, onLine) {
      onLine(JSON.stringify(report));
      return {
        ended: 'exited',
        exitCode: 0,
        stderrTail: '',
        files: files.map((f) => ({ path: f.path, bytes: f.data.length, read: async () => Buffer.from(f.data) })),
      };
    },
  });
  const request = {
    executionId: 'e1',
    model: config.models.defaultModel,
    prompt: 'p',
    tools: [],
    timezone: 'UTC',
    now,
    previousResult: null,
    timeoutSeconds: 60,
    maxTurns: 5,
    maxBudgetUsd: 1,
    maxOutputTokens: 8000,
    signal: new AbortController().signal,
  };

  test('keeps at most 20 files and says which it skipped; a failed report still keeps them', async () => {
    const put: string[] = [];
    const store = { put: async (key: string) => void put.push(key), get: async () => null };
    const files = Array.from({ length: 22 }, (_, i) => ({ path: `f${String(i).padStart(2, '0')}.txt`, data: 'x' }));
    const meter = {
      usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, webSearches: 0, codeExecutionSeconds: 0 },
      calls: 0,
      artifacts: [],
    };
    const lines: { code: string }[] = [];
    const failed = { type: 'result', subtype: 'error_during_execution', is_error: true, result: 'boom', usage: {} };
    await expect(runWorkspace(runner(files, failed), store, request, meter, (e) => lines.push(e))).rejects.toThrow(
      'Claude Code reported an error (error_during_execution): boom',
    );
    expect(put).toHaveLength(20);
    expect(meter.artifacts).toHaveLength(20);
    expect(lines.filter((l) => l.code === 'artifact_skipped')).toHaveLength(2);
  });
});

describe('what a workspace run may cost', () => {
  test('the worst case grows with the time limit, is capped, and a workspace draft is estimated dearer', () => {
    const model = config.models.defaultModel;
    const short = workspaceWorstCase(config, model, 60).usd;
    const long = workspaceWorstCase(config, model, 300).usd;
    expect(long).toBeGreaterThan(short);
    expect(workspaceWorstCase(config, model, 3600).usd).toBe(config.workspace.maxBudgetUsd);
    const draft = { finalAgentPrompt: 'Chart sales.', tools: [], model, schedule: null };
    const messages = estimateCost(config, draft, now);
    const workspace = estimateCost(config, { ...draft, engine: 'workspace' }, now);
    expect(workspace.perRunUsd).toBeGreaterThan(messages.perRunUsd * 3);
    expect(workspace.perRunUsd).toBeLessThanOrEqual(long);
  });

  test("the claim holds a workspace run's whole worst case, a Messages run its first call's", () => {
    const model = config.models.defaultModel;
    const draft = { name: 'd', finalAgentPrompt: 'Chart sales.', tools: [], model };
    const at = (engine?: 'workspace') =>
      callAsk(
        config,
        'x',
        runStartOf({ draft: { ...draft, ...(engine ? { engine } : {}) } }, null, model, null),
        null,
        now,
      );
    const workspace = at('workspace');
    expect(workspace.usd).toBe(workspaceWorstCase(config, model, workspaceTimeoutSeconds(config)).usd);
    expect(workspace.tokens).toBeGreaterThan(0);
    expect(at().usd).toBeLessThan(workspace.usd);
  });

  describe('a session that does not fit whole', () => {
    const model = config.models.defaultModel;
    const start = runStartOf(
      { draft: { name: 'd', finalAgentPrompt: 'Chart sales.', tools: [], model, engine: 'workspace' } },
      null,
      model,
      null,
    );
    const usual = callAsk(config, 'exec-1', start, null, now);
    /** A guest who has spent `spent` this month and holds nothing. */
    const guest = (spent: number) => ({
      uid: 'g',
      now,
      platform: undefined,
      user: {
        provider: 'anonymous',
        holds: {},
        usage: { '2026-11': { ...emptyMonth(), costUsd: spent } },
      } as never,
    });

    test("a guest's default budget runs a smaller session, whose limit leaves room for the turn that passes it", () => {
      expect(usual.usd).toBeGreaterThan(config.budget.guestUsd); // the whole worst case does not fit a guest
      const ask = askThatFits(guest(0.1), config, start, usual);
      expect(ask.usd).toBeCloseTo(config.budget.guestUsd - 0.1, 6);
      expect(ask.tokens).toBeLessThan(usual.tokens);
      const cli = sessionBudgetUsd(config, model, ask.usd, workspaceTimeoutSeconds(config)) as number;
      expect(cli).toBeGreaterThan(0);
      // The CLI checks its limit between turns: its limit plus one whole turn stays within the hold.
      expect(cli + workspaceTurnCeilingUsd(config, model)).toBeLessThanOrEqual(ask.usd + 1e-9);
    });

    test("a hold that covers the whole time limit is the CLI's limit as it is, however short the limit", () => {
      const full = workspaceWorstCase(config, model, workspaceTimeoutSeconds(config)).usd;
      expect(sessionBudgetUsd(config, model, full, workspaceTimeoutSeconds(config))).toBe(full);
      const twoSeconds = workspaceWorstCase(config, model, 2).usd;
      expect(twoSeconds).toBeLessThan(workspaceTurnCeilingUsd(config, model));
      expect(sessionBudgetUsd(config, model, twoSeconds, 2)).toBe(twoSeconds);
    });

    test('too little left for a session keeps the usual ask, which the budget refuses', () => {
      const left = workspaceTurnCeilingUsd(config, model) + 0.02;
      expect(askThatFits(guest(config.budget.guestUsd - left), config, start, usual)).toBe(usual);
    });

    test('a Messages run is never shrunk', () => {
      const messagesStart = { ...start, engine: 'messages' as const };
      const messagesAsk = { ...usual, usd: 10 };
      expect(askThatFits(guest(0), config, messagesStart, messagesAsk)).toBe(messagesAsk);
    });
  });
});

test("the build's source unpacks with tar to the prompt, byte for byte", () => {
  const dir = mkdtempSync(join(tmpdir(), 'tar-'));
  try {
    const prompt = 'Say "hi" `ls` $(rm -rf /)\n한국어 🚀';
    writeFileSync(join(dir, 'source.tar.gz'), tarGz({ 'prompt.txt': prompt, 'system.txt': 'sys' }));
    execFileSync('tar', ['-xzf', 'source.tar.gz'], { cwd: dir });
    expect(readFileSync(join(dir, 'prompt.txt'), 'utf8')).toBe(prompt);
    expect(readFileSync(join(dir, 'system.txt'), 'utf8')).toBe('sys');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
