/**
 * What changed between two versions of an agent, as a person reads it: text
 * (prompt, description) as lines removed and added, a schedule in words, tools
 * and model by name. Pure, so the words are tested without a browser.
 */
import type { AgentSnapshot } from '@agent-platform/core/agent';
import type { Schedule } from '../data/types';
import { lib } from '../i18n/library';
import { scheduleInWords } from './schedule';

export type DiffLine = { kind: 'same' | 'added' | 'removed'; text: string };

/** Lines larger than this on both sides are shown whole rather than diffed (the table would be too big). */
const MAX_CELLS = 1_000_000;

/**
 * A line diff of `before` → `after` (longest common subsequence), unchanged
 * lines kept so the reader sees where a change sits.
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  if (a.length * b.length > MAX_CELLS) {
    return [
      ...a.map((text) => ({ kind: 'removed' as const, text })),
      ...b.map((text) => ({ kind: 'added' as const, text })),
    ];
  }
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i]! });
      i++;
      j++;
    } else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) out.push({ kind: 'removed', text: a[i++]! });
    else out.push({ kind: 'added', text: b[j++]! });
  }
  while (i < a.length) out.push({ kind: 'removed', text: a[i++]! });
  while (j < b.length) out.push({ kind: 'added', text: b[j++]! });
  return out;
}

/** A changed field shown as text lines, or as a value before and after. */
export type FieldChange =
  | { field: string; label: string; kind: 'text'; lines: DiffLine[]; added: number; removed: number }
  | { field: string; label: string; kind: 'value'; before: string; after: string };

/** How one field's value reads: a schedule in words, tools by name, anything else as text. */
export function valueInWords(field: string, value: unknown): string {
  const l = lib();
  if (value === undefined || value === null || value === '') {
    return field === 'schedule' ? l.onDemand : l.empty;
  }
  if (field === 'schedule') return scheduleInWords(value as Schedule) ?? JSON.stringify(value);
  if (field === 'tools' && Array.isArray(value)) {
    return value.length === 0
      ? l.noTools
      : value.map((tool) => (l as unknown as Record<string, string>)[`tool_${tool}`] ?? String(tool)).join(', ');
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

const TEXT_FIELDS = new Set(['finalAgentPrompt', 'description']);

/** The named fields' changes from `before` to `after`. */
export function describeChanges(fields: readonly string[], before: AgentSnapshot, after: AgentSnapshot): FieldChange[] {
  const l = lib() as unknown as Record<string, string>;
  return fields.map((field) => {
    const label = l[`field_${field}`] ?? field;
    const b = (before as Record<string, unknown>)[field];
    const a = (after as Record<string, unknown>)[field];
    if (TEXT_FIELDS.has(field)) {
      const lines = lineDiff(typeof b === 'string' ? b : '', typeof a === 'string' ? a : '');
      return {
        field,
        label,
        kind: 'text',
        lines,
        added: lines.filter((x) => x.kind === 'added').length,
        removed: lines.filter((x) => x.kind === 'removed').length,
      };
    }
    return { field, label, kind: 'value', before: valueInWords(field, b), after: valueInWords(field, a) };
  });
}
