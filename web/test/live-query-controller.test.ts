import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { LiveQueryController } from '../src/controllers/live-query-controller';
import type { Backend, LiveDoc } from '../src/data/backend';
import { ApiError } from '../src/data/errors';
import type { LiveQuery } from '../src/data/queries';

/** A host like a Lit element: holds controllers, counts update requests. */
class FakeHost implements ReactiveControllerHost {
  controllers: ReactiveController[] = [];
  updates = 0;
  addController(c: ReactiveController) {
    this.controllers.push(c);
  }
  removeController() {}
  requestUpdate() {
    this.updates++;
  }
  get updateComplete() {
    return Promise.resolve(true);
  }
  connect() {
    for (const c of this.controllers) c.hostConnected?.();
  }
  update() {
    for (const c of this.controllers) c.hostUpdate?.();
  }
  disconnect() {
    for (const c of this.controllers) c.hostDisconnected?.();
  }
}

function fakeBackend() {
  const subs: { query: LiveQuery; next: (d: LiveDoc[]) => void; fail: (e: ApiError) => void; active: boolean }[] = [];
  const backend = {
    watch: (query: LiveQuery, next: (d: LiveDoc[]) => void, fail: (e: ApiError) => void) => {
      const sub = { query, next, fail, active: true };
      subs.push(sub);
      return () => {
        sub.active = false;
      };
    },
  } as unknown as Backend;
  return { backend, subs };
}

const q = (id: string): LiveQuery => ({ collection: 'agents', where: [['userId', '==', 'u1']], docId: id });

describe('LiveQueryController', () => {
  it('is pending until the first snapshot, then exposes the documents with their ids', () => {
    const host = new FakeHost();
    const { backend, subs } = fakeBackend();
    const c = new LiveQueryController<{ id: string; name: string }>(
      host,
      () => q('a1'),
      () => backend,
    );
    host.connect();
    expect(c.pending).toBe(true);
    subs[0]!.next([{ id: 'a1', path: 'agents/a1', data: { name: 'Weekly' } }]);
    expect(c.pending).toBe(false);
    expect(c.doc).toEqual({ id: 'a1', name: 'Weekly' });
    expect(host.updates).toBe(1);
  });

  it('follows each change the backend pushes (a streaming reply grows)', () => {
    const host = new FakeHost();
    const { backend, subs } = fakeBackend();
    const c = new LiveQueryController<{ id: string; content: string }>(
      host,
      () => q('m1'),
      () => backend,
    );
    host.connect();
    subs[0]!.next([{ id: 'm1', path: 'x', data: { content: 'Hel' } }]);
    subs[0]!.next([{ id: 'm1', path: 'x', data: { content: 'Hello' } }]);
    expect(c.doc?.content).toBe('Hello');
    expect(host.updates).toBe(2);
  });

  it('resubscribes when the description changes and ignores the old stream', () => {
    const host = new FakeHost();
    const { backend, subs } = fakeBackend();
    let id = 'a1';
    const c = new LiveQueryController<{ id: string }>(
      host,
      () => q(id),
      () => backend,
    );
    host.connect();
    host.update(); // same description: no new subscription
    expect(subs).toHaveLength(1);
    id = 'a2';
    host.update();
    expect(subs).toHaveLength(2);
    expect(subs[0]!.active).toBe(false);
    subs[0]!.next([{ id: 'a1', path: 'agents/a1', data: {} }]);
    expect(c.value).toEqual([]);
    expect(c.pending).toBe(true);
  });

  it('watches nothing while the description is null', () => {
    const host = new FakeHost();
    const { backend, subs } = fakeBackend();
    const c = new LiveQueryController(
      host,
      () => null,
      () => backend,
    );
    host.connect();
    expect(subs).toHaveLength(0);
    expect(c.pending).toBe(false);
  });

  it('exposes a failure and stops being pending', () => {
    const host = new FakeHost();
    const { backend, subs } = fakeBackend();
    const c = new LiveQueryController(
      host,
      () => q('a1'),
      () => backend,
    );
    host.connect();
    subs[0]!.fail(new ApiError('permission_denied', 'Missing or insufficient permissions.'));
    expect(c.error?.message).toBe('Missing or insufficient permissions.');
    expect(c.pending).toBe(false);
  });

  it('unsubscribes when the host leaves the page, and subscribes again on return', () => {
    const host = new FakeHost();
    const { backend, subs } = fakeBackend();
    new LiveQueryController(
      host,
      () => q('a1'),
      () => backend,
    );
    host.connect();
    host.disconnect();
    expect(subs[0]!.active).toBe(false);
    host.connect();
    expect(subs).toHaveLength(2);
    expect(subs[1]!.active).toBe(true);
  });
});
