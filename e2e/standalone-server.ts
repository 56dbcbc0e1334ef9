/**
 * Starts the production server exactly as `npm start` does (scripts/start.mjs, which runs
 * Callview's own server on the standalone build) on loopback with its own environment, for
 * specs that need a server of their own: a crash, a load test. Every spec stops what it
 * started, by pid.
 */
import { spawn, type ChildProcess } from "node:child_process";
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
  const child = spawn(process.execPath, [path.join("scripts", "start.mjs")], {
    env: {
      ...inherited,
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      AUTH_MODE: "none",
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
}

export async function waitForHealth(server: StandaloneServer): Promise<void> {
  await expect
    .poll(async () => (await fetch(`${server.url}/api/health`).catch(() => null))?.status ?? 0, {
      timeout: 30_000,
    })
    .toBe(200);
}

/** SIGKILL and wait for the exit, whatever state the server is in. */
export async function killHard(server: StandaloneServer): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
  await server.exited;
}
