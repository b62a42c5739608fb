/**
 * Reading a Messages-API request body as plain JSON: its system text, the
 * person's words, tool results, and the designer context the chat function
 * attaches (see functions/src/chat/context.ts).
 */

export interface RequestBlock {
  type: string;
  text?: string;
  name?: string;
  id?: string;
  input?: unknown;
  tool_use_id?: string;
  is_error?: boolean;
  content?: unknown;
  [key: string]: unknown;
}

export interface RequestMessage {
  role: 'user' | 'assistant';
  content: string | RequestBlock[];
}

/** The part of `MessageCreateParams` the offline model reads. */
export interface OfflineRequest {
  model?: string;
  system?: string | { type: string; text?: string }[];
  messages?: RequestMessage[];
  tools?: { name?: string; type?: string; input_schema?: unknown }[];
  max_tokens?: number;
  stream?: boolean;
  [key: string]: unknown;
}

/** All system text, blocks joined. */
export function systemText(body: OfflineRequest): string {
  if (typeof body.system === 'string') return body.system;
  return (body.system ?? []).map((b) => b.text ?? '').join('\n');
}

/** The blocks of a message, a plain string counting as one text block. */
export function blocksOf(message: RequestMessage): RequestBlock[] {
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
}

/** The text a person typed in a message (tool results excluded). */
export function typedText(message: RequestMessage): string {
  return blocksOf(message)
    .filter((b) => b.type === 'text')
    .map((b) => b.text ?? '')
    .join('\n')
    .trim();
}

/** Text inside a tool result's content (a string or text blocks). */
export function toolResultText(block: RequestBlock, options: { firstOnly?: boolean } = {}): string {
  if (typeof block.content === 'string') return block.content;
  if (Array.isArray(block.content)) {
    const texts = (block.content as RequestBlock[]).filter((b) => b.type === 'text').map((b) => b.text ?? '');
    return options.firstOnly ? (texts[0] ?? '') : texts.join('\n');
  }
  return '';
}

/** What the chat function tells the designer beyond its fixed instructions. */
export interface DesignerContextJson {
  userTimezone?: string;
  currentDraft?: Record<string, unknown> | null;
  editingAgentId?: string | null;
}

/** The JSON between `<designer_context>` tags in the system text, if any. */
export function designerContext(system: string): DesignerContextJson {
  const m = /<designer_context>\s*([\s\S]*?)\s*<\/designer_context>/.exec(system);
  if (!m) return {};
  try {
    return JSON.parse(m[1] as string) as DesignerContextJson;
  } catch {
    return {};
  }
}

/** Rough token count: about four Latin characters or one Hangul syllable per token. */
export function approxTokens(text: string): number {
  const hangul = (text.match(/[\uAC00-\uD7A3]/g) ?? []).length;
  return Math.max(1, Math.ceil((text.length - hangul) / 4) + hangul);
}

/** A small stable hash, so the same request always gets the same answer. */
export function stableHash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0).toString(36);
}
