/**
 * The local workspace runner with the real Claude Code CLI (the native binary
 * from npm) against a Messages endpoint of the test's own, and with small
 * stand-in commands for what the CLI cannot be made to do on cue (hang, make links).
 */
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkspaceJob } from '@agent-platform/functions/workspace';
import { formatEvent, messageToEvents } from '../src/messages-api/encode';
import { LocalWorkspaceRunner } from '../src/workspace-runner';

jest.setTimeout(60_000);

let server: Server;
let baseURL = '';
const bodies: Record<string, unknown>[] = [];
let dir = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'workspace-runner-'));
  server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = JSON.parse(raw) as Record<string, unknown>;
    bodies.push(body);
    const message = {
      id: `msg_${bodies.length}`,
      type: 'message' as const,
      role: 'assistant' as const,
      model: String(body.model),
      content: [{ type: 'text', text: 'Done.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 1200, output_tokens: 30 },
    };
    res.writeHead(200, { 'Content-Type': 'text/event-stream' });
    for (const event of messageToEvents(message)) res.write(formatEvent(event));
    res.end();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', () => ok()));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((ok) => server.close(ok));
  rmSync(dir, { recursive: true, force: true });
});

function job(over: Partial<WorkspaceJob> = {}): WorkspaceJob {
  return {
    executionId: 'exec-1',
    prompt: 'Say done.',
    systemPrompt: 'You run unattended.',
    model: 'claude-sonnet-5-5',
    tools: [],
    maxTurns: 3,
    maxBudgetUsd: 1,
    maxOutputTokens: 8000,
    timeoutSeconds: 30,
    signal: new AbortController().signal,
    ...over,
  };
}

/** True while `pid` runs (a zombie, killed but not yet reaped, does not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** A shell script standing in for the CLI. */
function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const runner = (command?: string) =>
  new LocalWorkspaceRunner({ endpoint: () => ({ apiKey: 'test-key', baseURL }), command, tempRoot: dir });

describe('the local workspace runner', () => {
  test('a prompt of quotes, backticks, $(…), newlines and Korean reaches Claude Code byte for byte', async () => {
    const prompt =
      'Say "hi" and \'bye\'; run `ls -la` and $(rm -rf /) literally.\nLine two\r\n\t탭 한국어 🚀 \\ end $HOME';
    const lines: string[] = [];
    bodies.length = 0;
    const result = await runner().run(job({ prompt }), (line) => lines.push(line));

    expect(result).toMatchObject({ ended: 'exited', exitCode: 0, files: [] });
    const asked = bodies.find((b) => Array.isArray(b.messages)) as { messages: { role: string; content: unknown }[] };
    const first = asked.messages.find((m) => m.role === 'user') as { content: { type: string; text?: string }[] };
    const texts = first.content.filter((b) => b.type === 'text').map((b) => b.text);
    expect(texts).toContain(prompt);
    const report = JSON.parse(lines[lines.length - 1] as string);
    expect(report).toMatchObject({ type: 'result', subtype: 'success', result: 'Done.' });
    expect(report.usage.input_tokens).toBe(1200);
  });

  test('past its time limit the whole process group is killed and no file is kept', async () => {
    const pids = join(dir, 'pids');
    const slow = script(
      'slow.sh',
      `echo '{"type":"system","subtype":"init","model":"slow"}'\nmkdir -p out && echo partial > out/partial.txt\nsleep 600 &\necho "$$ $!" > ${pids}\nsleep 600`,
    );
    const lines: string[] = [];
    const started = Date.now();
    const result = await runner(slow).run(job({ timeoutSeconds: 1 }), (line) => lines.push(line));

    expect(result.ended).toBe('timeout');
    expect(result.files).toEqual([]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(lines).toHaveLength(1);
    // Gone, the child it started too (a killed process may linger as a zombie until reaped: dead all the same).
    for (const pid of readFileSync(pids, 'utf8').trim().split(' ').map(Number)) expect(alive(pid)).toBe(false);
  });

  test('keeps regular files under out/ and never follows a link out of it', async () => {
    const secret = join(dir, 'secret.txt');
    writeFileSync(secret, 'not yours');
    const maker = script(
      'maker.sh',
      `mkdir -p out/charts && printf 'a,b\\n' > out/charts/q1.csv && ln -s ${secret} out/link.txt && ln -s ${dir} out/dir\necho '{"type":"result","subtype":"success","is_error":false,"result":"ok"}'`,
    );
    const result = await runner(maker).run(job(), () => {});
    expect(result.ended).toBe('exited');
    expect(result.files.map((f) => f.path)).toEqual(['charts/q1.csv']);
    expect(Buffer.from(await (result.files[0] as { read(): Promise<Uint8Array> }).read()).toString()).toBe('a,b\n');
  });

  test('leaves no temporary folder behind', async () => {
    await runner(script('quick.sh', 'exit 3')).run(job(), () => {});
    const left = require('node:fs')
      .readdirSync(dir)
      .filter((n: string) => n.startsWith('workspace-'));
    expect(left).toEqual([]);
    expect(existsSync(dir)).toBe(true);
  });
});
