/**
 * Starts the production server exactly as `npm start` does (scripts/start.mjs, which runs
 * Callview's own server on the standalone build) on loopback with its own environment, for
 * specs that need a server of their own: a crash, a load test. Every spec stops what it
 * started, by pid.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect } from "@playwright/test";

export type StandaloneServer = {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
};

export function startStandalone(port: number, env: Record<string, string>): StandaloneServer {
  const { ALLO_API_KEY: _inheritedKey, ...inherited } = process.env;
  // A notification store of its own unless the spec shares one on purpose (a restart keeps its
  // data): never the checkout's ./data, which servers started side by side would share.
  const ownDataDir = env.CALLVIEW_DATA_DIR ? null : mkdtempSync(path.join(tmpdir(), "callview-standalone-"));
  const child = spawn(process.execPath, [path.join("scripts", "start.mjs")], {
    env: {
      ...inherited,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      AUTH_MODE: "none",
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
      ...(ownDataDir ? { CALLVIEW_DATA_DIR: ownDataDir } : {}),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
      resolve(code);
    }),
  );
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

export async function waitForHealth(server: StandaloneServer): Promise<void> {
  try {
    await expect
      .poll(async () => (await fetch(`${server.url}/api/health`).catch(() => null))?.status ?? 0, {
        timeout: 30_000,
      })
      .toBe(200);
  } catch (error) {
    // Say why: a server that exited, or one still starting, shows it in its own output.
    const { exitCode, signalCode } = server.child;
    throw new Error(
      `${server.url} was not healthy within 30 s (exit code ${exitCode ?? "none"}, signal ${signalCode ?? "none"}). Its output:\n${server.output()}`,
      { cause: error },
    );
  }
}

/** SIGKILL and wait for the exit, whatever state the server is in. */
export async function killHard(server: StandaloneServer): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
  await server.exited;
}
