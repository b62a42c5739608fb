import { agentChatPath, agentPath, chatPath, parseRoute } from '../src/state/router';

describe('the route for changing an agent with the designer', () => {
  it.each([
    { path: '/agents/a1/chat', want: { page: 'workspace', agentId: 'a1' } },
    { path: '/agents/a1/chat/', want: { page: 'workspace', agentId: 'a1' } },
    { path: '/agents/a%201/chat', want: { page: 'workspace', agentId: 'a 1' } },
    // Only `chat` after the agent opens the designer; anything else stays on the agent's page.
    { path: '/agents/a1/other', want: { page: 'agent', agentId: 'a1' } },
    { path: '/agents/a1', want: { page: 'agent', agentId: 'a1' } },
  ])('$path', ({ path, want }) => {
    expect(parseRoute(path)).toEqual(want);
  });
});

describe('paths the pages link to', () => {
  it('builds paths that read back as the same routes, odd characters included', () => {
    const id = 'a b/c?d';
    expect(parseRoute(agentPath(id))).toEqual({ page: 'agent', agentId: id });
    expect(parseRoute(agentChatPath(id))).toEqual({ page: 'workspace', agentId: id });
    expect(parseRoute(chatPath(id))).toEqual({ page: 'workspace', conversationId: id });
  });

  it('writes the plain paths people see in the address bar', () => {
    expect(agentPath('a1')).toBe('/agents/a1');
    expect(agentChatPath('a1')).toBe('/agents/a1/chat');
    expect(chatPath('c1')).toBe('/chat/c1');
  });
});
