/**
 * A real, throwaway Redis for tests: Debian's `redis-server` on 127.0.0.1 with an ephemeral port,
 * a temporary `--dir`, in the foreground, stopped by pid. No mock: the Lua scripts, TTLs and
 * reconnects under test are Redis's own.
 *
 * Persistence is off by default (`--save "" --appendonly no`): a test Redis starts empty. Outage
 * tests ask for `persistence: "aof"` (fsync on every write), so that `kill()` (SIGKILL: a crash)
 * then `restart()` on the same port and directory shows what survives, as production would.
 *
 * A missing binary is a failure, not a skip: `scripts/ensure-redis.sh` installs it (`npm test`
 * runs that first), or set REDIS_SERVER_PATH.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export type RedisServerOptions = { persistence?: "none" | "aof" };

export type TestRedisServer = {
  readonly port: number;
  readonly url: string;
  readonly pid: number | null;
  /** SIGKILL, as a crash would; the port and directory are kept for `restart()`. */
  kill(): Promise<void>;
  /** Starts again on the same port and directory (after `kill()`, or kills first). */
  restart(): Promise<void>;
  /** Stops it by pid and removes its directory. Idempotent. */
  stop(): Promise<void>;
};

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

export function findRedisServer(): string {
  const configured = process.env.REDIS_SERVER_PATH;
  const candidates = configured
    ? [configured]
    : (process.env.PATH ?? "")
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, "redis-server"));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new Error(
    `redis-server not found (${configured ? `REDIS_SERVER_PATH=${configured}` : "not on PATH"}). ` +
      "The Redis tests need a real Redis: run `bash scripts/ensure-redis.sh` (as root on Debian it " +
      "installs Debian's redis-server without starting its service), or set REDIS_SERVER_PATH.",
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** One raw PING; resolves true only on +PONG (not -LOADING while an AOF is replayed). */
function pingOnce(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let reply = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.on("data", (chunk: Buffer) => {
      reply += chunk.toString("utf8");
      if (reply.includes("\r\n")) done(reply.startsWith("+PONG"));
    });
  });
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startRedisServer(options: RedisServerOptions = {}): Promise<TestRedisServer> {
  const binary = findRedisServer();
  const dir = mkdtempSync(path.join(tmpdir(), "callview-redis-"));
  const persistence =
    options.persistence === "aof"
      ? ["--appendonly", "yes", "--appendfsync", "always"]
      : ["--appendonly", "no"];
  let child: ChildProcess | null = null;
  let output = "";
  let port = 0;

  // A safety net if the test process ends without afterAll: never leave a Redis behind.
  const onExit = () => {
    if (child?.pid && child.exitCode === null) process.kill(child.pid, "SIGKILL");
  };
  process.once("exit", onExit);

  async function launch(): Promise<void> {
    output = "";
    const started = spawn(
      binary,
      [
        "--bind",
        "127.0.0.1",
        "--port",
        String(port),
        "--protected-mode",
        "yes",
        "--daemonize",
        "no",
        "--save",
        "",
        ...persistence,
        "--dir",
        dir,
        "--logfile",
        "",
        "--loglevel",
        "warning",
        "--maxmemory-policy",
        "noeviction",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child = started;
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-8_000);
    };
    started.stdout?.on("data", keep);
    started.stderr?.on("data", keep);
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (started.exitCode !== null || started.signalCode !== null) break;
      if (await pingOnce(port)) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    if (started.pid && started.exitCode === null) process.kill(started.pid, "SIGKILL");
    await waitForExit(started, STOP_TIMEOUT_MS);
    throw new Error(
      `redis-server (${binary}) did not answer PING on 127.0.0.1:${port} within ${START_TIMEOUT_MS} ms` +
        ` (exit ${started.exitCode ?? started.signalCode ?? "none"}). Its output:\n${output}`,
    );
  }

  // The port is free when picked but may be taken before Redis binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt >= 3 || !/Address already in use/i.test(output)) {
        rmSync(dir, { recursive: true, force: true });
        process.removeListener("exit", onExit);
        throw error;
      }
    }
  }

  async function kill(): Promise<void> {
    const current = child;
    if (!current?.pid || current.exitCode !== null || current.signalCode !== null) return;
    process.kill(current.pid, "SIGKILL");
    if (!(await waitForExit(current, STOP_TIMEOUT_MS))) {
      throw new Error(`redis-server pid ${current.pid} did not die after SIGKILL`);
    }
  }

  let stopped = false;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    get pid() {
      return child?.pid ?? null;
    },
    kill,
    async restart() {
      await kill();
      await launch();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const current = child;
      if (current?.pid && current.exitCode === null && current.signalCode === null) {
        process.kill(current.pid, "SIGTERM");
        if (!(await waitForExit(current, STOP_TIMEOUT_MS))) await kill();
      }
      process.removeListener("exit", onExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
