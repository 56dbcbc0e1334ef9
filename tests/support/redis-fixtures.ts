/**
 * Redis for a test file: one throwaway redis-server (./redis-server.ts) per file, and a fresh
 * key namespace per store, so tests never see each other's keys without any FLUSHALL. Use it in
 * the file's hooks:
 *
 *   const redis = testRedis();
 *   beforeAll(redis.start);
 *   afterAll(redis.stop);
 *
 * Connections use short reconnect delays so outage tests recover quickly; everything else is
 * the production client (lib/server/redis/redis-client.server.ts).
 *
 * If Redis cannot start (redis-server missing), `start()` keeps the error and every test that
 * uses Redis fails with it: a failing beforeAll would only mark the tests skipped, and a
 * skipped Redis suite must not look like a green run. Tests that need no Redis still run.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import pino from "pino";
import { openRedisNotificationStore } from "@/lib/notifications/store/redis-notification-store.server";
import type { NotificationStore } from "@/lib/notifications/store/notification-store";
import {
  createRedisConnection,
  type CallviewRedis,
  type RedisSettings,
} from "@/lib/server/redis/redis-client.server";
import { startRedisServer, type RedisServerOptions, type TestRedisServer } from "./redis-server";

export type TestRedis = {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly server: TestRedisServer;
  /** A namespace no other test uses. */
  namespace(): string;
  /** A connected client (closed by `stop()` if the test does not close it). */
  connect(settings?: Partial<RedisSettings>): Promise<CallviewRedis>;
  /** A store in a fresh namespace (or the given one), owning its own connection. */
  openStore(options?: { namespace?: string; settings?: Partial<RedisSettings> }): Promise<NotificationStore>;
};

const silent: Logger = pino({ level: "silent" });

export function testRedis(options: RedisServerOptions = {}): TestRedis {
  let server: TestRedisServer | null = null;
  let startError: unknown = null;
  const connections: CallviewRedis[] = [];

  function running(): TestRedisServer {
    if (startError) throw startError;
    if (!server) throw new Error("testRedis: call start() (beforeAll) first");
    return server;
  }

  async function connect(settings: Partial<RedisSettings> = {}): Promise<CallviewRedis> {
    const url = running().url;
    const connection = createRedisConnection({
      url,
      logger: silent,
      reconnectInitialDelayMs: 20,
      reconnectMaxDelayMs: 200,
      ...settings,
    });
    connections.push(connection);
    await connection.waitUntilReady(5_000);
    return connection;
  }

  return {
    async start() {
      try {
        server = await startRedisServer(options);
      } catch (error) {
        startError = error;
      }
    },
    async stop() {
      for (const connection of connections.splice(0)) await connection.close();
      await server?.stop();
      server = null;
    },
    get server() {
      return running();
    },
    namespace: () => `test-${randomBytes(6).toString("hex")}`,
    connect,
    async openStore({ namespace, settings } = {}) {
      const redis = await connect({
        namespace: namespace ?? `test-${randomBytes(6).toString("hex")}`,
        ...settings,
      });
      return openRedisNotificationStore({ redis, ownsConnection: true });
    },
  };
}
