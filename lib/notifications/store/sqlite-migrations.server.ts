/**
 * The SQLite schema, as an ordered list of migrations. Append only: never edit a migration that
 * has shipped, add the next version instead. `schema_migrations` records what a file has, and a
 * file written by a newer Callview (a version this list lacks) is refused rather than guessed at.
 */
import "server-only";
import type { Database } from "better-sqlite3";

export type Migration = { version: number; name: string; sql: string };

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "events, dedupe keys, notifications, destination state",
    sql: `
      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        webhook_id TEXT NOT NULL,
        topic TEXT NOT NULL,
        item_id TEXT,
        tags_json TEXT NOT NULL,
        event_timestamp_ms INTEGER,
        received_at_ms INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'done')),
        verdict TEXT,
        note TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at_ms INTEGER NOT NULL,
        lease_owner TEXT,
        lease_until_ms INTEGER,
        finished_at_ms INTEGER
      );
      CREATE INDEX events_due ON events (status, next_attempt_at_ms);

      -- One row per key; a key seen again marks the whole event as a duplicate.
      CREATE TABLE dedupe_keys (
        key TEXT PRIMARY KEY,
        event_id INTEGER NOT NULL,
        expires_at_ms INTEGER NOT NULL
      );
      CREATE INDEX dedupe_keys_expiry ON dedupe_keys (expires_at_ms);

      CREATE TABLE notifications (
        id TEXT PRIMARY KEY,
        event_id INTEGER,
        item_id TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        destination_id TEXT NOT NULL,
        destination_kind TEXT NOT NULL,
        destination_label TEXT NOT NULL,
        topic TEXT NOT NULL,
        reason_kind TEXT NOT NULL,
        reason_text TEXT NOT NULL,
        moment_seconds REAL,
        link TEXT NOT NULL,
        payload_json TEXT NOT NULL,
        is_test INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('pending', 'retrying', 'delivered', 'previewed', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at_ms INTEGER NOT NULL,
        next_attempt_at_ms INTEGER,
        lease_owner TEXT,
        lease_until_ms INTEGER,
        delivered_at_ms INTEGER,
        last_http_status INTEGER,
        last_error TEXT,
        updated_at_ms INTEGER NOT NULL
      );
      -- A rule fires at most once per item and destination (test notifications excepted).
      CREATE UNIQUE INDEX notifications_once
        ON notifications (item_id, rule_id, destination_id) WHERE is_test = 0;
      CREATE INDEX notifications_due ON notifications (status, next_attempt_at_ms);
      CREATE INDEX notifications_recent ON notifications (created_at_ms);

      CREATE TABLE destination_state (
        destination_key TEXT PRIMARY KEY,
        next_slot_at_ms INTEGER NOT NULL DEFAULT 0,
        paused_until_ms INTEGER NOT NULL DEFAULT 0
      );
    `,
  },
];

/**
 * Applies what the file lacks, in one immediate transaction, so two processes starting at once
 * cannot both apply a migration: the second waits (busy_timeout), then finds nothing to do.
 */
export function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
  nowMs = Date.now(),
): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at_ms INTEGER NOT NULL
  )`);
  const record = db.prepare("INSERT INTO schema_migrations (version, name, applied_at_ms) VALUES (?, ?, ?)");
  db.transaction(() => {
    const applied = new Set(
      db
        .prepare("SELECT version FROM schema_migrations")
        .all()
        .map((row) => (row as { version: number }).version),
    );
    const known = new Set(migrations.map((migration) => migration.version));
    const unknown = [...applied].filter((version) => !known.has(version));
    if (unknown.length > 0) {
      throw new Error(
        `The notifications database has schema version ${Math.max(...unknown)}, newer than this Callview knows; refusing to use it.`,
      );
    }
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, nowMs);
    }
  }).immediate();
}
