/**
 * Prepared statements kept per SQL text. `node:sqlite` prepares afresh on every
 * `prepare()`, which costs more than running a point read or a one-row write,
 * and the local store and queue run the same few statements thousands of times
 * in a burst. SQLite recompiles a kept statement by itself after a schema change
 * (a new index), so keeping one is always safe.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** Distinct statements stay far below this (values are bound, never written into the SQL); a cap all the same. */
const MAX_STATEMENTS = 500;

export function statementCache(db: DatabaseSync): (sql: string) => StatementSync {
  const statements = new Map<string, StatementSync>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statements.set(sql, statement);
    }
    return statement;
  };
}
