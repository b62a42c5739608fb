/** @jest-environment jsdom */
import './env';
import { messagesFor } from '../../src/i18n/messages';
import { holdLeaveGuard } from '../../src/state/leave-guard';
import { setLocale } from '../../src/state/locale';
import { currentRoute, navigate } from '../../src/state/router';

describe('leaving with unsaved edits', () => {
  let release: () => void = () => {};
  beforeEach(() => {
    setLocale('ko');
    history.replaceState(null, '', '/agents/a1');
    navigate('/agents/a1', true);
  });
  afterEach(() => {
    release();
    jest.restoreAllMocks();
  });

  it('asks first, in the page’s language, and stays when the person declines', () => {
    release = holdLeaveGuard(() => true);
    const confirm = jest.spyOn(window, 'confirm').mockReturnValue(false);
    navigate('/');
    expect(confirm).toHaveBeenCalledWith(messagesFor('ko').leaveUnsaved);
    expect(location.pathname).toBe('/agents/a1');
    expect(currentRoute()).toEqual({ page: 'agent', agentId: 'a1' });
  });

  it('goes when the person agrees', () => {
    release = holdLeaveGuard(() => true);
    jest.spyOn(window, 'confirm').mockReturnValue(true);
    navigate('/');
    expect(currentRoute()).toEqual({ page: 'dashboard' });
  });

  it('puts the page back when going back is declined', () => {
    history.pushState(null, '', '/agents/a1/chat');
    navigate('/agents/a1/chat', true);
    release = holdLeaveGuard(() => true);
    jest.spyOn(window, 'confirm').mockReturnValue(false);
    // The browser has already moved when it tells of going back.
    history.replaceState(null, '', '/agents/a1');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(location.pathname).toBe('/agents/a1/chat');
    expect(currentRoute()).toEqual({ page: 'workspace', agentId: 'a1' });
  });

  it('asks nothing when there is nothing unsaved, and the tab closes freely', () => {
    release = holdLeaveGuard(() => false);
    const confirm = jest.spyOn(window, 'confirm');
    navigate('/usage');
    expect(confirm).not.toHaveBeenCalled();
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(false);
  });

  it('holds the tab from closing while there are unsaved edits', () => {
    release = holdLeaveGuard(() => true);
    const unload = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(unload);
    expect(unload.defaultPrevented).toBe(true);
  });
});
