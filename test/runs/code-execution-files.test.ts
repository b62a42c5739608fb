/**
 * A Messages run whose code-execution tool made files: the result blocks name
 * them by Files API id, the run fetches each (its name and bytes) and keeps it
 * like a workspace run's files, for its owner only.
 */
import { stack, stub, useRunStack, user } from './harness';

jest.setTimeout(60_000);

useRunStack();

const resultBlock = (fileIds: string[]) => ({
  type: 'bash_code_execution_tool_result',
  tool_use_id: 'srvtoolu_1',
  content: {
    type: 'bash_code_execution_result',
    stdout: '',
    stderr: '',
    return_code: 0,
    content: fileIds.map((file_id) => ({ type: 'bash_code_execution_output', file_id })),
  },
});

test('keeps the files code execution made, listed on the run and downloadable by its owner', async () => {
  stub.files.set('file_chart', { filename: 'sales chart.png', mimeType: 'image/png', data: Buffer.from('PNGDATA') });
  stub.files.set('file_table', { filename: 'table.csv', mimeType: 'text/csv', data: Buffer.from('a,b\n1,2\n') });
  stub.script({
    content: [
      { type: 'server_tool_use', id: 'srvtoolu_1', name: 'bash_code_execution', input: { command: 'python plot.py' } },
      resultBlock(['file_chart', 'file_table']),
      { type: 'text', text: 'Here is the chart.' },
    ],
    stop_reason: 'end_turn',
  });
  const agent = await stack.api(user.idToken, 'POST', '/api/agents', {
    name: 'Chart',
    finalAgentPrompt: 'Plot sales.',
    tools: ['code_execution'],
  });
  const started = await stack.api(user.idToken, 'POST', `/api/agents/${agent.body.id}/run`);
  await stack.tasks.idle();

  const run = (await stack.api(user.idToken, 'GET', `/api/executions/${started.body.executionId}`)).body;
  expect(run).toMatchObject({ status: 'success', result: 'Here is the chart.' });
  expect(run.artifacts).toEqual([
    { name: 'sales_chart.png', bytes: 7, contentType: 'image/png' },
    { name: 'table.csv', bytes: 8, contentType: 'text/csv' },
  ]);
  const download = await fetch(`${stack.url}/api/executions/${run.id}/artifacts/table.csv`, {
    headers: { Authorization: `Bearer ${user.idToken}` },
  });
  expect(await download.text()).toBe('a,b\n1,2\n');
  const other = await stack.guest();
  const theirs = await fetch(`${stack.url}/api/executions/${run.id}/artifacts/table.csv`, {
    headers: { Authorization: `Bearer ${other.idToken}` },
  });
  expect(theirs.status).toBe(404);
});

test('a file that cannot be fetched is skipped with a line in the log, and the run still succeeds', async () => {
  stub.script({ content: [resultBlock(['file_gone']), { type: 'text', text: 'Done.' }], stop_reason: 'end_turn' });
  const agent = await stack.api(user.idToken, 'POST', '/api/agents', {
    name: 'Gone',
    finalAgentPrompt: 'Plot.',
    tools: ['code_execution'],
  });
  const started = await stack.api(user.idToken, 'POST', `/api/agents/${agent.body.id}/run`);
  await stack.tasks.idle();
  const run = (await stack.api(user.idToken, 'GET', `/api/executions/${started.body.executionId}`)).body;
  expect(run).toMatchObject({ status: 'success', result: 'Done.', artifacts: [] });
  expect(run.events.map((e: { code: string }) => e.code)).toContain('artifact_skipped');
});
