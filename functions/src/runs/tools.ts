/**
 * The agent's tools as Claude server tools (https://platform.claude.com/docs/en/agents-and-tools/tool-use/web-search-tool). All three
 * run on Anthropic's side, so a run needs no container of ours and a prompt
 * never reaches a shell. Code execution is free of container charges when a
 * `_20260209` web tool is in the same request.
 */

import type { ToolName } from '@agent-platform/core/agent';
import type { RunEventInput } from '@agent-platform/core/runs';
import type Anthropic from '@anthropic-ai/sdk';
import { FETCH_CONTENT_TOKENS, FETCHES_PER_CALL, SEARCHES_PER_CALL } from '../money/worst-case';

/**
 * Each tool's `max_uses` (and web fetch's `max_content_tokens`) bound what one
 * call can cost: money/worst-case.ts holds exactly these ceilings.
 */

export function serverTools(tools: readonly ToolName[]): Anthropic.Messages.ToolUnion[] {
  const out: Anthropic.Messages.ToolUnion[] = [];
  if (tools.includes('web_search')) {
    out.push({ type: 'web_search_20260209', name: 'web_search', max_uses: SEARCHES_PER_CALL });
  }
  if (tools.includes('web_fetch')) {
    out.push({
      type: 'web_fetch_20260209',
      name: 'web_fetch',
      max_uses: FETCHES_PER_CALL,
      max_content_tokens: FETCH_CONTENT_TOKENS,
    });
  }
  if (tools.includes('code_execution')) out.push({ type: 'code_execution_20260120', name: 'code_execution' });
  return out;
}

/** A progress line for a tool call Claude made, or null for blocks worth no line. */
export function describeToolBlock(block: { type: string; [k: string]: unknown }): RunEventInput | null {
  if (block.type === 'server_tool_use') {
    const input = (block.input ?? {}) as Record<string, unknown>;
    switch (block.name) {
      case 'web_search':
        return { code: 'web_search', params: { query: clip(input.query) } };
      case 'web_fetch':
        return typeof input.url === 'string'
          ? { code: 'web_fetch', params: { url: clip(input.url) } }
          : { code: 'web_fetch_page' };
      default:
        return { code: 'code_execution' };
    }
  }
  if (block.type.endsWith('_tool_result')) {
    const content = block.content as unknown;
    if (content && typeof content === 'object' && !Array.isArray(content) && 'error_code' in content) {
      return { code: 'tool_failed', params: { errorCode: String((content as { error_code: unknown }).error_code) } };
    }
    if (block.type === 'web_search_tool_result' && Array.isArray(content)) {
      return { code: 'search_results', params: { count: content.length } };
    }
  }
  return null;
}

function clip(value: unknown): string {
  const text = typeof value === 'string' ? value : '';
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
