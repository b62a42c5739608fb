/**
 * The platform's own cost of a chat turn, with a zero-latency model: a local
 * Messages-API server that streams its whole reply at once. Measured through
 * the real HTTP routing of the `chat` function (Functions Framework → router →
 * service → SQLite store): time to the first streamed text (as an SSE delta and
 * as the first store write carrying text, which is what the web's live query
 * sees) and to the finished turn, against the same model call made directly
 * with the SDK; and store writes per turn, counted by the store's meter.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configureLog, loadConfig, useAdapters } from '@agent-platform/functions/host';
import { adapters, chatRoutes, httpFunction, noAppCheck } from '@agent-platform/functions/testing';
import { type ApiMessage, formatEvent, messageToEvents } from '@agent-platform/local/messages-api';
import { SqliteStore } from '@agent-platform/local/sqlite-store';
import Anthropic from '@anthropic-ai/sdk';
import { http } from '@google-cloud/functions-framework';
import { getTestServer } from '@google-cloud/functions-framework/testing';
import { median, ratio, round } from '../lib/stats';
import type { BenchRow, BenchSuite } from '../lib/types';

const TURNS = 30;
const REPLY = 'Happy to help. What should the agent summarise, and when should it run? '.repeat(6);
const DRAFT = {
  name: 'Weekly stock summary',
  description: 'Markets this week.',
  finalAgentPrompt: 'Summarise the week on the stock markets, with sources.',
  tools: ['web_search'],
  schedule: { frequency: 'weekly', time: '08:00', daysOfWeek: [1], timezone: 'Asia/Seoul' },
};

/** A Messages-API server that answers instantly: text, or a propose_agent call when the message says "draft". */
async function zeroLatencyModel() {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const last = body.messages[body.messages.length - 1];
    const wantsDraft = typeof last.content === 'string' && last.content.includes('draft');
    const message: ApiMessage = {
      id: 'msg_bench',
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: wantsDraft
        ? [
            { type: 'text', text: 'Here is a draft.' },
            { type: 'tool_use', id: 'toolu_bench', name: 'propose_agent', input: DRAFT },
          ]
        : [{ type: 'text', text: REPLY }],
      stop_reason: wantsDraft ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 1500, output_tokens: 120 },
    };
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    res.end(messageToEvents(message).map(formatEvent).join(''));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export const run: BenchSuite = async () => {
  configureLog({ sink: () => {} });
  const model = await zeroLatencyModel();
  const store = new SqliteStore(':memory:');
  const config = loadConfig({ PLATFORM_ENV: 'test', CHAT_TURNS_PER_MINUTE: '1000' });
  useAdapters({
    config,
    store,
    tasks: { enqueue: async () => 'created' },
    auth: { verifyIdToken: async (token) => ({ uid: token, provider: 'bench' }) },
    appCheck: noAppCheck,
    model: { apiKey: 'bench', baseURL: model.url, offline: false },
    now: () => new Date(),
  });
  http('chatBench', httpFunction(chatRoutes, adapters));
  const server = getTestServer('chatBench');
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Baseline: the same model call straight through the SDK, no platform in between.
  const client = new Anthropic({ apiKey: 'bench', baseURL: model.url, maxRetries: 0 });
  const direct = { first: [] as number[], done: [] as number[] };
  for (let i = 0; i < TURNS + 3; i++) {
    const t0 = performance.now();
    let first = 0;
    const stream = client.messages.stream({
      model: config.models.designerModel,
      max_tokens: 1024,
      messages: [{ role: 'user', content: 'hello' }],
    });
    stream.on('text', () => {
      first ||= performance.now() - t0;
    });
    await stream.finalMessage();
    if (i >= 3) {
      direct.first.push(first);
      direct.done.push(performance.now() - t0);
    }
  }

  /** One turn over SSE, timing the first delta, the first stored text, and the end. */
  const turn = async (uid: string, message: string) => {
    let storedText = 0;
    const t0 = performance.now();
    const stop = store.onChange((changes) => {
      for (const c of changes) {
        const d = c.data as { role?: string; content?: string } | null;
        if (!storedText && d?.role === 'assistant' && d.content) storedText = performance.now() - t0;
      }
    });
    const writesBefore = store.meter.writes;
    const res = await fetch(`${base}/api/chat`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${uid}`, 'Content-Type': 'application/json', Accept: 'text/event-stream' },
      body: JSON.stringify({ message, timezone: 'Asia/Seoul' }),
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let firstDelta = 0;
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (!firstDelta && text.includes('event: delta')) firstDelta = performance.now() - t0;
    }
    const total = performance.now() - t0;
    stop();
    if (!text.includes('event: done')) throw new Error(`turn failed: ${text.slice(-300)}`);
    return { firstDelta, storedText, total, writes: store.meter.writes - writesBefore };
  };

  const measureTurns = async (message: string) => {
    const results = [];
    for (let i = 0; i < TURNS + 3; i++) {
      const r = await turn(`bench-user-${i % 5}`, message);
      if (i >= 3) results.push(r);
    }
    return results;
  };
  const text = await measureTurns('I want a weekly summary');
  const draft = await measureTurns('make the draft please');

  server.close();
  model.server.close();

  const ms = (v: number) => round(v);
  const baseFirst = median(direct.first);
  const baseDone = median(direct.done);
  const rows: BenchRow[] = [
    { label: 'Direct SDK stream: first text (baseline)', value: ms(baseFirst), unit: 'ms' },
    { label: 'Direct SDK stream: whole reply (baseline)', value: ms(baseDone), unit: 'ms' },
    {
      label: 'Chat turn: first text as an SSE delta',
      value: ms(median(text.map((r) => r.firstDelta))),
      unit: 'ms',
      ratio: ratio(median(text.map((r) => r.firstDelta)), baseFirst),
      baseline: 'direct SDK stream, first text',
    },
    {
      label: 'Chat turn: first text in the store (what the web sees)',
      value: ms(median(text.map((r) => r.storedText))),
      unit: 'ms',
      ratio: ratio(median(text.map((r) => r.storedText)), baseFirst),
      baseline: 'direct SDK stream, first text',
    },
    {
      label: 'Chat turn: finished (text reply)',
      value: ms(median(text.map((r) => r.total))),
      unit: 'ms',
      ratio: ratio(median(text.map((r) => r.total)), baseDone),
      baseline: 'direct SDK stream, whole reply',
    },
    {
      label: 'Chat turn: finished (draft: tool call, validation, schedule, cost, second model call)',
      value: ms(median(draft.map((r) => r.total))),
      unit: 'ms',
      ratio: ratio(median(draft.map((r) => r.total)), 2 * baseDone),
      baseline: 'two direct SDK streams',
    },
    { label: 'Store writes per turn (text reply)', value: median(text.map((r) => r.writes)), unit: 'writes' },
    { label: 'Store writes per turn (draft reply)', value: median(draft.map((r) => r.writes)), unit: 'writes' },
  ];
  return [
    {
      id: 'chat',
      title: 'Chat turn overhead with a zero-latency model',
      method:
        `${TURNS} turns each (after 3 warm-up), medians, through the chat function's HTTP routing on the SQLite store, ` +
        'against a local Messages-API server that streams its reply at once; the baseline is the same call made directly with the SDK. ' +
        'Writes are counted by the store meter as Firestore bills them (one per document written).',
      rows,
      notes: [
        'Writes per turn: the turn-rate log, the user message, the conversation (start and end of the turn), the reply (created, ' +
          'streamed updates at most every 300 ms plus the first words, status changes and the draft, final), and the month usage.',
      ],
    },
  ];
};
