/**
 * Keeping versions of an agent (docs/api.md "Versions"): every save that changes
 * a versioned field (packages/core/src/agent/versions.ts) writes a new version in
 * the same transaction as the save, so a version exists exactly when the save does.
 */
import { type AgentDoc, type AgentVersionDoc, changedFields, snapshotOf } from '@agent-platform/core/agent';
import type { Store, Transaction } from '@agent-platform/core/ports';
import { latestAgentVersion, listAgentVersions, versionsOf } from '../store/agent-versions';

/** The first version of a new agent, written with it. */
export function recordFirstVersion(tx: Transaction, agentId: string, doc: AgentDoc): void {
  versionsOf(agentId).create(tx, '1', versionDoc(agentId, doc, 1, [], doc.createdAt, null));
}

/**
 * Keeps a version when a save changed a versioned field. Reads (the latest
 * version) happen here, so call it before the transaction's first write. An
 * agent saved before versions existed first gets its earlier state as version 1.
 */
export async function recordVersionIfChanged(
  tx: Transaction,
  agentId: string,
  before: AgentDoc,
  after: AgentDoc,
  options: { restoredFrom?: number } = {},
): Promise<() => void> {
  const changes = changedFields(snapshotOf(before), snapshotOf(after));
  // A restore of the current version changes nothing, but the person asked for it: it is kept too.
  if (changes.length === 0 && options.restoredFrom === undefined) return () => {};
  const latest = await latestAgentVersion(tx, agentId);
  return () => {
    let next = (latest?.data.version ?? 0) + 1;
    if (!latest) {
      versionsOf(agentId).create(tx, '1', versionDoc(agentId, before, 1, [], before.updatedAt, null));
      next = 2;
    }
    versionsOf(agentId).create(
      tx,
      String(next),
      versionDoc(agentId, after, next, changes, after.updatedAt, options.restoredFrom ?? null),
    );
  };
}

function versionDoc(
  agentId: string,
  doc: AgentDoc,
  version: number,
  changes: string[],
  createdAt: string,
  restoredFrom: number | null,
): AgentVersionDoc {
  return {
    userId: doc.userId,
    agentId,
    version,
    createdAt,
    changes,
    agent: snapshotOf(doc) as Record<string, unknown>,
    restoredFrom,
  };
}

/** Deletes per transaction, under Firestore's 500 writes. */
const DELETES_PER_TRANSACTION = 400;

/**
 * Removes a deleted agent's versions: Firestore keeps a subcollection when its
 * parent goes (https://firebase.google.com/docs/firestore/manage-data/delete-data#collections),
 * and nothing can reach them once the agent is gone.
 */
export async function deleteAgentVersions(store: Store, agentId: string): Promise<void> {
  for (;;) {
    const batch = await listAgentVersions(store, agentId, DELETES_PER_TRANSACTION);
    if (batch.length === 0) return;
    await store.runTransaction(async (tx) => {
      for (const doc of batch) versionsOf(agentId).delete(tx, doc.id);
    });
  }
}
