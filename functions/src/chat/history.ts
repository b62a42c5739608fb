/**
 * The conversation as the model sees it: stored messages turned into
 * alternating user/assistant turns, newest kept, under a token ceiling. What
 * falls off the front is replaced by a short summary of what the person asked,
 * and the current draft travels in the context block, so nothing agreed is lost.
 */

import type { MessageDoc } from '@agent-platform/core/chat';
import type Anthropic from '@anthropic-ai/sdk';
import { approxTokens } from './tokens';

export interface History {
  messages: Anthropic.MessageParam[];
  /** Stored messages left out (older than what fits). */
  dropped: number;
  tokens: number;
}

const SUMMARY_SHARE = 0.1;
const EXCERPT_CHARS = 160;

/**
 * Builds the model's view of the conversation. `messages` are oldest first and
 * end with the person's new message, which is always kept whole.
 */
export function buildHistory(
  messages: readonly Pick<MessageDoc, 'role' | 'content'>[],
  ceilingTokens: number,
): History {
  const turns = alternate(messages.filter((m) => m.content.trim().length > 0));
  const summaryBudget = Math.floor(ceilingTokens * SUMMARY_SHARE);
  const kept: Turn[] = [];
  let tokens = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    const turn = turns[i]!;
    const cost = approxTokens(turn.content);
    const isNewest = i === turns.length - 1;
    if (!isNewest && tokens + cost > ceilingTokens - summaryBudget) break;
    kept.unshift(turn);
    tokens += cost;
  }
  // The model's view must start with the person speaking.
  while (kept.length > 1 && kept[0]!.role !== 'user') {
    tokens -= approxTokens(kept.shift()!.content);
  }
  const droppedTurns = turns.slice(0, turns.length - kept.length);
  const dropped = droppedTurns.reduce((n, t) => n + t.count, 0);
  if (droppedTurns.length > 0) {
    const note = summarise(droppedTurns, summaryBudget);
    kept[0] = { ...kept[0]!, content: `${note}\n\n${kept[0]!.content}` };
    tokens += approxTokens(note);
  }
  return { messages: kept.map((t) => ({ role: t.role, content: t.content })), dropped, tokens };
}

/** Merges neighbours of the same role (a failed reply leaves two user messages in a row). */
interface Turn {
  role: 'user' | 'assistant';
  content: string;
  /** Stored messages merged into this turn. */
  count: number;
}

function alternate(messages: readonly Pick<MessageDoc, 'role' | 'content'>[]): Turn[] {
  const out: Turn[] = [];
  for (const m of messages) {
    const last = out[out.length - 1];
    if (last && last.role === m.role) {
      last.content = `${last.content}\n\n${m.content}`;
      last.count++;
    } else out.push({ role: m.role, content: m.content, count: 1 });
  }
  return out;
}

/** What the person said in the turns that no longer fit, as short excerpts. */
function summarise(turns: Turn[], budgetTokens: number): string {
  const head = `[${turns.length} earlier turn(s) were left out to save space; the current draft holds what was agreed. Earlier the person said:]`;
  const lines: string[] = [];
  let used = approxTokens(head);
  // Oldest first: the first thing a person says usually states the goal.
  for (const t of turns.filter((x) => x.role === 'user')) {
    const excerpt = t.content.replace(/\s+/g, ' ').slice(0, EXCERPT_CHARS);
    const line = `- ${excerpt}${t.content.length > EXCERPT_CHARS ? '…' : ''}`;
    if (used + approxTokens(line) > budgetTokens) break;
    lines.push(line);
    used += approxTokens(line);
  }
  return [head, ...lines].join('\n');
}
