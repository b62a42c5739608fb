/**
 * The offline stand-in as the model behind Claude Code (a workspace run): a
 * request that offers Claude Code's `Write` tool. Asked for a chart or a file,
 * it first answers with a `Write` call, so Claude Code itself writes a real
 * file under `out/`; once the tool result comes back it writes the final text.
 * Asked for neither, it answers with the usual sample result.
 */
import { detectLocale } from '@agent-platform/core/locale';
import type { OfflineReply } from './reply';
import { blocksOf, type OfflineRequest, stableHash, systemText } from './request';
import { runResult } from './run';

/** Claude Code's file-writing tool. */
export const WRITE_TOOL = 'Write';

/** True when the request comes from Claude Code (its `Write` tool is on offer). */
export function isClaudeCodeRequest(body: OfflineRequest): boolean {
  return (body.tools ?? []).some((t) => t.name === WRITE_TOOL);
}

const CHART = /chart|graph|plot|visuali[sz]|차트|그래프|시각화|그림/i;
const FILE = /\bcsv\b|file|spreadsheet|excel|table|파일|엑셀|표로|데이터/i;

/** The stand-in's reply to one Claude Code request. */
export function workspaceReply(body: OfflineRequest): OfflineReply {
  const task = userTask(body);
  // Claude Code may put a message of its own after the person's turn: look at the last user turn.
  const last = (body.messages ?? []).filter((m) => m.role === 'user').at(-1);
  const wrote = last ? blocksOf(last).find((b) => b.type === 'tool_result') : undefined;
  const sample = runResult({ ...body, system: '', messages: [{ role: 'user', content: task }] });
  const ko = detectLocale(task) === 'ko';
  if (wrote) {
    const ok = wrote.is_error !== true;
    const note = ok
      ? ko
        ? '\n\n요청하신 파일을 작업 공간의 `out/` 폴더에 저장했습니다.'
        : '\n\nThe file you asked for is saved in the workspace’s `out/` folder.'
      : ko
        ? '\n\n파일을 저장하지 못했습니다.'
        : '\n\nThe file could not be saved.';
    return { content: [{ type: 'text', text: sample + note }], stop_reason: 'end_turn' };
  }
  const cwd = workingDirectory(body);
  const file = CHART.test(task) ? chartFile(task) : FILE.test(task) ? csvFile(task) : null;
  if (!file || !cwd) return { content: [{ type: 'text', text: sample }], stop_reason: 'end_turn' };
  return {
    content: [
      { type: 'text', text: ko ? `${file.name} 파일을 만들겠습니다.` : `I will write ${file.name}.` },
      {
        type: 'tool_use',
        id: `toolu_offline_${stableHash(task)}`,
        name: WRITE_TOOL,
        input: { file_path: `${cwd}/out/${file.name}`, content: file.content },
      },
    ],
    stop_reason: 'tool_use',
  };
}

/** What the person asked: the last text of the first user message that is not one of Claude Code's reminders. */
function userTask(body: OfflineRequest): string {
  const first = (body.messages ?? []).find((m) => m.role === 'user');
  const texts = first
    ? blocksOf(first)
        .filter(
          (b) => b.type === 'text' && typeof b.text === 'string' && !b.text.trimStart().startsWith('<system-reminder>'),
        )
        .map((b) => b.text as string)
    : [];
  return (texts[texts.length - 1] ?? '').trim();
}

/** The folder Claude Code works in, as its own prompt states it. */
function workingDirectory(body: OfflineRequest): string | null {
  const text = `${systemText(body)}\n${JSON.stringify(body.messages ?? [])}`;
  const m = /(?:Primary working directory|CWD):\s*(\/[^\s"\\]+)/.exec(text);
  return m?.[1] ?? null;
}

function numbersFor(task: string): number[] {
  const seed = Number.parseInt(stableHash(task).slice(0, 6), 36);
  return Array.from({ length: 6 }, (_, i) => 20 + ((seed >> (i * 3)) % 60));
}

const xml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small bar chart as SVG, labelled as a sample. */
function chartFile(task: string): { name: string; content: string } {
  const values = numbersFor(task);
  const ko = detectLocale(task) === 'ko';
  const title = ko ? '예시 차트 (오프라인 대체 모델)' : 'Sample chart (offline stand-in)';
  const bars = values
    .map((v, i) => {
      const h = Math.round(v * 2.2);
      return `<rect x="${40 + i * 60}" y="${220 - h}" width="40" height="${h}" fill="#3b6fd8"/><text x="${60 + i * 60}" y="238" font-size="12" text-anchor="middle">${i + 1}</text>`;
    })
    .join('');
  const content = `<svg xmlns="http://www.w3.org/2000/svg" width="420" height="250" viewBox="0 0 420 250"><rect width="420" height="250" fill="#fff"/><text x="210" y="20" font-size="14" text-anchor="middle">${xml(title)}</text>${bars}</svg>\n`;
  // A Korean task gets a Korean file name, as Claude would give it: kept as it is (artifacts/names.ts).
  return { name: ko ? '차트.svg' : 'chart.svg', content };
}

/** A small CSV of sample numbers. */
function csvFile(task: string): { name: string; content: string } {
  const rows = numbersFor(task).map((v, i) => `${i + 1},${v}`);
  const name = detectLocale(task) === 'ko' ? '데이터.csv' : 'data.csv';
  return { name, content: `${['period,value (sample)', ...rows].join('\n')}\n` };
}
