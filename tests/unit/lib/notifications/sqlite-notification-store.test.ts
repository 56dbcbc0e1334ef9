import { existsSync } from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import type { NotificationStore } from "@/lib/notifications/store/notification-store";
import { MIGRATIONS, migrate } from "@/lib/notifications/store/sqlite-migrations.server";
import {
  databasePath,
  DEDUPE_RETENTION_MS,
  EVENT_RETENTION_MS,
  NOTIFICATION_RETENTION_MS,
  openSqliteNotificationStore,
} from "@/lib/notifications/store/sqlite-notification-store.server";
import { tempDir } from "@/tests/support/notification-fixtures";
import * as contract from "./notification-store.contract";
import {
  describeNotificationStore,
  event,
  finishWith,
  LEASE,
  notification,
  T0,
} from "./notification-store.contract";

let cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  cleanups = [];
});

function openStore(dir?: string): { store: NotificationStore; dir: string } {
  let target = dir;
  if (!target) {
    const temp = tempDir();
    cleanups.push(temp.remove);
    target = path.join(temp.dir, "nested", "data");
  }
  const store = openSqliteNotificationStore({ dataDir: target });
  cleanups.push(() => store.close());
  return { store, dir: target };
}

// Every behaviour of the contract, on a fresh file each time.
describeNotificationStore("SQLite", async () => {
  const temp = tempDir();
  cleanups.push(temp.remove);
  return openSqliteNotificationStore({ dataDir: path.join(temp.dir, "data") });
});

describe("SQLite notification store", () => {
  it("keeps the retention the contract tests assume", () => {
    expect(DEDUPE_RETENTION_MS).toBe(contract.DEDUPE_RETENTION_MS);
    expect(EVENT_RETENTION_MS).toBe(contract.DEDUPE_RETENTION_MS);
    expect(NOTIFICATION_RETENTION_MS).toBe(contract.NOTIFICATION_RETENTION_MS);
  });

  it("creates the data directory and the file, in WAL mode, with the migrations recorded", async () => {
    const { dir } = openStore();
    expect(existsSync(databasePath(dir))).toBe(true);
    const db = new BetterSqlite3(databasePath(dir), { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      expect(db.prepare("SELECT version FROM schema_migrations").all()).toEqual([{ version: 1 }]);
    } finally {
      db.close();
    }
  });

  it("refuses a file from a newer schema", () => {
    const db = new BetterSqlite3(":memory:");
    migrate(db, [...MIGRATIONS, { version: 99, name: "future", sql: "CREATE TABLE future (x)" }]);
    expect(() => migrate(db)).toThrow(/schema version 99/);
    db.close();
  });

  it("loses nothing when the file is closed and opened again", async () => {
    const first = openStore();
    await first.store.recordEvent(event());
    await first.store.recordEvent(event({ webhookId: "msg_2", dedupeKeys: ["webhook-id:msg_2"] }));
    const n = notification();
    await finishWith(first.store, [n]);
    await first.store.pauseDestination("slack", T0 + 9_000);
    await first.store.close();

    const second = openStore(first.dir);
    expect(await second.store.recordEvent(event())).toBe("duplicate");
    expect(
      await second.store.claimDueEvents({ nowMs: T0, limit: 10, leaseMs: LEASE, owner: "b" }),
    ).toHaveLength(1);
    expect((await second.store.getNotification(n.id))?.status).toBe("pending");
    expect(await second.store.reserveDestinationSlot("slack", T0, 1_000)).toBe(9_000);
  });
});
