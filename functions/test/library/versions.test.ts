/**
 * Agent versions on the real local store: every save that changes what the
 * agent does keeps one, a restore brings the fields back as a new version, and
 * another user's agent or a missing version answers 404.
 */
import type { AppError } from '@agent-platform/core/errors';
import { applyAgentPatch, createAgent, deleteAgent, updateAgent } from '../../src/agents/service';
import { listVersions, restoreVersion } from '../../src/agents/versions';
import { type AgentHarness, agentHarness } from '../agents/harness';

const spec = { name: 'Weekly stock summary', finalAgentPrompt: 'Summarise the week.' };
const daily = { frequency: 'daily', time: '08:00', timezone: 'Asia/Seoul' };

let h: AgentHarness;
beforeEach(() => {
  h = agentHarness('2026-11-22T00:00:00.000Z');
});
afterEach(() => h.store.close());

const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: AppError) => e.code,
  );

test('a new agent has version 1; each change of prompt or schedule adds one naming what changed', async () => {
  const agent = await createAgent(h.deps, 'alice', spec);
  h.setNow('2026-11-22T01:00:00.000Z');
  await updateAgent(h.deps, 'alice', agent.id, { finalAgentPrompt: 'Summarise the week in Korean.' });
  h.setNow('2026-11-22T02:00:00.000Z');
  await updateAgent(h.deps, 'alice', agent.id, { schedule: daily, tools: ['web_search'] });

  const versions = await listVersions(h.deps, 'alice', agent.id, 50);
  expect(versions.map((v) => [v.version, v.changes, v.createdAt])).toEqual([
    [3, ['schedule', 'tools'], '2026-11-22T02:00:00.000Z'],
    [2, ['finalAgentPrompt'], '2026-11-22T01:00:00.000Z'],
    [1, [], '2026-11-22T00:00:00.000Z'],
  ]);
  expect(versions[2]?.agent).toMatchObject({ finalAgentPrompt: 'Summarise the week.', schedule: null, tools: [] });
  expect(versions[0]?.agent).toMatchObject({ schedule: daily, tools: ['web_search'] });
});

test('pausing, resuming or saving the same values keeps no version', async () => {
  const agent = await createAgent(h.deps, 'alice', { ...spec, schedule: daily, status: 'active' });
  await updateAgent(h.deps, 'alice', agent.id, { status: 'inactive' });
  await updateAgent(h.deps, 'alice', agent.id, { status: 'active' });
  await updateAgent(h.deps, 'alice', agent.id, { finalAgentPrompt: spec.finalAgentPrompt, schedule: daily });
  expect((await listVersions(h.deps, 'alice', agent.id, 50)).map((v) => v.version)).toEqual([1]);
});

test('restoring a version brings its fields back and is itself a new version', async () => {
  const agent = await createAgent(h.deps, 'alice', { ...spec, tools: ['web_fetch'] });
  await updateAgent(h.deps, 'alice', agent.id, { finalAgentPrompt: 'Something else.', tools: [], schedule: daily });
  const restored = await restoreVersion(h.deps, 'alice', agent.id, '1');
  expect(restored).toMatchObject({ finalAgentPrompt: spec.finalAgentPrompt, tools: ['web_fetch'], schedule: null });
  const [latest] = await listVersions(h.deps, 'alice', agent.id, 1);
  expect(latest).toMatchObject({ version: 3, restoredFrom: 1, changes: ['finalAgentPrompt', 'schedule', 'tools'] });
  // Nothing was overwritten: version 2 is still there to go back to.
  expect((await listVersions(h.deps, 'alice', agent.id, 50)).map((v) => v.version)).toEqual([3, 2, 1]);
});

test('an agent saved before versions existed keeps its earlier state as version 1 on its first change', async () => {
  const agent = await createAgent(h.deps, 'alice', spec);
  await h.store.delete(`agents/${agent.id}/versions/1`);
  await applyAgentPatch(h.deps, 'alice', agent.id, { finalAgentPrompt: 'New prompt.' });
  const versions = await listVersions(h.deps, 'alice', agent.id, 50);
  expect(versions.map((v) => [v.version, v.agent.finalAgentPrompt])).toEqual([
    [2, 'New prompt.'],
    [1, spec.finalAgentPrompt],
  ]);
});

test.each([
  ['another user', 'bob', '1'],
  ['a version that does not exist', 'alice', '9'],
  ['a version that is not a number', 'alice', 'abc'],
  ['version zero', 'alice', '0'],
])('restoring for %s answers 404 and changes nothing', async (_name, uid, version) => {
  const agent = await createAgent(h.deps, 'alice', spec);
  await updateAgent(h.deps, 'alice', agent.id, { finalAgentPrompt: 'Changed.' });
  expect(await codeOf(restoreVersion(h.deps, uid, agent.id, version))).toBe('not_found');
  expect((await listVersions(h.deps, 'alice', agent.id, 50)).map((v) => v.version)).toEqual([2, 1]);
});

test("another user's agent has no versions to list (404)", async () => {
  const agent = await createAgent(h.deps, 'alice', spec);
  expect(await codeOf(listVersions(h.deps, 'bob', agent.id, 50))).toBe('not_found');
});

test('a version whose model is no longer offered is refused with a clear 400', async () => {
  const agent = await createAgent(h.deps, 'alice', spec);
  await h.store.update(`agents/${agent.id}/versions/1`, { 'agent.model': 'claude-retired-1' });
  await expect(restoreVersion(h.deps, 'alice', agent.id, '1')).rejects.toMatchObject({
    code: 'invalid_argument',
    message: expect.stringContaining('model'),
  });
});

test('deleting an agent removes its versions, and no one can list them', async () => {
  const agent = await createAgent(h.deps, 'alice', spec);
  await updateAgent(h.deps, 'alice', agent.id, { finalAgentPrompt: 'Changed.' });
  await deleteAgent(h.deps, 'alice', agent.id);
  expect(await h.store.query({ collection: `agents/${agent.id}/versions` })).toEqual([]);
  expect(await codeOf(listVersions(h.deps, 'alice', agent.id, 50))).toBe('not_found');
});
