import { join } from 'node:path';
import { functionNameOfService, globToRegex, readRewrites } from '../src/hosting/rewrites';
import { checkLiveQuery } from '../src/live-feed';

describe('live feed rule (the local twin of firestore.rules)', () => {
  test.each([
    ['a query on your own documents', { collection: 'agents', where: [['userId', '==', 'me']] }, undefined],
    ['a query without an owner filter', { collection: 'agents' }, 'permission_denied'],
    ['a query on someone else', { collection: 'agents', where: [['userId', '==', 'them']] }, 'permission_denied'],
    ['an inequality on userId', { collection: 'agents', where: [['userId', '>=', 'me']] }, 'permission_denied'],
    ['an unknown collection', { collection: 'secrets', where: [['userId', '==', 'me']] }, 'invalid_argument'],
    [
      'messages of a conversation',
      { collection: 'conversations/c1/messages', where: [['userId', '==', 'me']] },
      undefined,
    ],
    ['a huge limit', { collection: 'agents', where: [['userId', '==', 'me']], limit: 10_000 }, 'invalid_argument'],
  ])('%s', (_n, spec, code) => {
    const run = () => checkLiveQuery(JSON.stringify(spec), 'me');
    if (code) expect(run).toThrow(expect.objectContaining({ code }));
    else expect(run().collection).toBe(spec.collection);
  });

  test('refuses a query that is not JSON', () => {
    expect(() => checkLiveQuery('{', 'me')).toThrow(expect.objectContaining({ code: 'invalid_argument' }));
  });
});

describe('firebase.json rewrites', () => {
  test.each([
    ['/api/agents', '/api/**', true],
    ['/api/agents/a1/run', '/api/**', true],
    ['/api', '/api/**', false],
    ['/api/chat', '/api/chat', true],
    ['/api/conversations/c1/save', '/api/conversations/**', true],
    ['/anything/at/all', '**', true],
    ['/a/b', '/a/*', true],
    ['/a/b/c', '/a/*', false],
  ])('%s against %s', (path, glob, matches) => {
    expect(globToRegex(glob).test(path)).toBe(matches);
  });

  test('sends chat paths to chat and the rest of /api to agents, in order', () => {
    const rewrites = readRewrites(join(__dirname, '..', '..', 'firebase.json'));
    const serviceFor = (path: string) => {
      const hit = rewrites.find((r) => r.regex.test(path));
      return hit && 'serviceId' in hit
        ? functionNameOfService(hit.serviceId)
        : hit && 'destination' in hit
          ? hit.destination
          : undefined;
    };
    expect(serviceFor('/api/chat')).toBe('chat');
    expect(serviceFor('/api/conversations/c1/test-run')).toBe('chat');
    expect(serviceFor('/api/agents/a1/executions')).toBe('agents');
    expect(serviceFor('/api/usage')).toBe('agents');
    expect(serviceFor('/dashboard')).toBe('/index.html');
    expect(functionNameOfService('run-agent')).toBe('runAgent');
  });
});
