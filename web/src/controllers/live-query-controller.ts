/**
 * Subscribes its host to one live query while the host is connected, the way
 * `@lit/task` exposes work: `pending`, `value` (the documents, each with its id)
 * and `error`. The query description is a function of the host's state; when it
 * changes the controller resubscribes, and `null` means "nothing to watch yet".
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Backend, Unsubscribe } from '../data/backend';
import { client } from '../data/client';
import type { ApiError } from '../data/errors';
import type { LiveQuery } from '../data/queries';

export class LiveQueryController<T extends { id: string }> implements ReactiveController {
  /** True until the first snapshot (or error) of the current query arrives. */
  pending = true;
  value: T[] = [];
  error: ApiError | null = null;
  /** The current description as JSON; null before the first sync and after disconnecting. */
  private key: string | null = null;
  private unsubscribe: Unsubscribe | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly describe: () => LiveQuery | null,
    private readonly backend: () => Backend = () => client().backend,
  ) {
    host.addController(this);
  }

  /** The single document of a `docId` query, if it exists. */
  get doc(): T | undefined {
    return this.value[0];
  }

  hostConnected(): void {
    this.sync();
  }

  // The description may depend on properties that changed in this update.
  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.stop();
    this.key = null;
  }

  private sync(): void {
    const spec = this.describe();
    const key = spec ? JSON.stringify(spec) : 'null';
    if (key === this.key) return;
    this.stop();
    this.key = key;
    this.value = [];
    this.error = null;
    if (!spec) {
      this.pending = false;
      return;
    }
    this.pending = true;
    this.unsubscribe = this.backend().watch(
      spec,
      (docs) => {
        if (this.key !== key) return;
        this.value = docs.map((d) => ({ ...(d.data as object), id: d.id }) as T);
        this.pending = false;
        this.error = null;
        this.host.requestUpdate();
      },
      (err) => {
        if (this.key !== key) return;
        this.error = err;
        this.pending = false;
        this.host.requestUpdate();
      },
    );
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
