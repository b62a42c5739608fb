/**
 * The one place adapters are built: lazily, once per instance, so a function
 * pays only for the clients it uses. Tests and the local stack replace the whole
 * set with `useAdapters(...)` before the first request.
 */
import type { AppCheck, ArtifactStore, Auth, ModelEndpoint, Store, TaskQueue } from '@agent-platform/core/ports';
import type { WorkspaceRunner } from '../runs/workspace/port';
import { type Config, loadConfig } from './config';

export interface Adapters {
  config: Config;
  store: Store;
  tasks: TaskQueue;
  auth: Auth;
  /** Verifies App Check tokens; consulted only when `config.appCheck.enforce` is on. */
  appCheck: AppCheck;
  model: ModelEndpoint;
  /** The current time; replaceable so schedules can be tested at fixed instants. */
  now: () => Date;
  /** Runs Claude Code for workspace runs; absent where none is wired (a workspace run then fails clearly). */
  workspace?: WorkspaceRunner;
  /** Where runs keep their files; absent where none is wired. */
  artifacts?: ArtifactStore;
}

let replacement: Adapters | undefined;
let production: Partial<Adapters> | undefined;

/** Installs a complete set of adapters (local stack, tests); undefined restores production. */
export function useAdapters(adapters: Adapters | undefined): void {
  replacement = adapters;
}

/** The adapters of this instance. Production ones are built on first use of each. */
export function adapters(): Adapters {
  if (replacement) return replacement;
  if (!production) production = {};
  return productionAdapters(production);
}

function productionAdapters(cache: Partial<Adapters>): Adapters {
  // Getters keep each client unbuilt until a request needs it (cold starts).
  return {
    get config() {
      cache.config ??= loadConfig();
      return cache.config;
    },
    get store() {
      cache.store ??= new (require('../adapters/firestore-store').FirestoreStore)(this.config);
      return cache.store as Store;
    },
    get tasks() {
      cache.tasks ??= new (require('../adapters/cloud-tasks-queue').CloudTasksQueue)(this.config);
      return cache.tasks as TaskQueue;
    },
    get auth() {
      cache.auth ??= new (require('../adapters/firebase-auth').FirebaseAuth)(this.config);
      return cache.auth as Auth;
    },
    get appCheck() {
      cache.appCheck ??= new (require('../adapters/firebase-app-check').FirebaseAppCheck)(this.config);
      return cache.appCheck as AppCheck;
    },
    get model() {
      cache.model ??= productionModel(this.config);
      return cache.model;
    },
    get workspace() {
      cache.workspace ??= new (require('../adapters/cloud-build-workspace').CloudBuildWorkspace)(this.config);
      return cache.workspace;
    },
    get artifacts() {
      cache.artifacts ??= new (require('../adapters/gcs-artifacts').GcsArtifacts)(this.config);
      return cache.artifacts;
    },
    now: () => new Date(),
  };
}

function productionModel(config: Config): ModelEndpoint {
  if (!config.anthropic.apiKey) {
    throw new Error('ANTHROPIC_API_KEY is not set: mount the Secret Manager secret (see terraform/).');
  }
  return { apiKey: config.anthropic.apiKey, baseURL: config.anthropic.baseUrl, offline: false };
}
