/**
 * The files code execution made, as a run's content blocks name them: pure, so
 * the model loop reads them without reaching the Files API client.
 */

/** The Files API ids a content block of a run names (none for most blocks). */
export function codeExecutionFileIds(block: { type: string; [k: string]: unknown }): string[] {
  if (block.type !== 'bash_code_execution_tool_result' && block.type !== 'code_execution_tool_result') return [];
  const result = block.content as { content?: unknown } | undefined;
  const outputs = Array.isArray(result?.content) ? (result.content as { type?: string; file_id?: unknown }[]) : [];
  return outputs
    .filter(
      (o) =>
        (o.type === 'bash_code_execution_output' || o.type === 'code_execution_output') &&
        typeof o.file_id === 'string',
    )
    .map((o) => o.file_id as string);
}
