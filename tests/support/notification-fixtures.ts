/**
 * Shared pieces for the notification tests: fixed secrets, a temporary data directory, a pino
 * logger that captures its lines, a controllable clock, and the in-process fake Allo wired
 * through the real Allo client.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino, { type Logger } from "pino";
import { createAlloClient } from "@/lib/allo/client.server";
import { createFakeAllo, type FakeAllo } from "@/lib/allo/fake/fake-allo";

/** 24 and 32 bytes of base64: valid `whsec_` secrets, for tests only. */
export const SECRET_OLD = `whsec_${Buffer.from("old-secret-for-tests-24b").toString("base64")}`;
export const SECRET_NEW = `whsec_${Buffer.from("new-secret-for-tests-with-32byte").toString("base64")}`;

export function tempDir(prefix = "callview-notify-"): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function captureLogger(): { logger: Logger; lines: Record<string, unknown>[]; text: () => string } {
  const raw: string[] = [];
  const logger = pino(
    { level: "debug", base: null },
    {
      write(chunk: string) {
        raw.push(chunk);
      },
    },
  );
  return {
    logger,
    get lines() {
      return raw.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    text: () => raw.join(""),
  };
}

/** A clock tests move by hand; nothing in the code under test waits on real time. */
export function manualClock(startMs: number) {
  let current = startMs;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
    set(ms: number) {
      current = ms;
    },
  };
}

/** The fake Allo, in-process, behind the real client (with the transcript, like the item cache). */
export function fakeAlloItems(options: { now: () => number; summaryDelayMs?: number }): {
  fake: FakeAllo;
  getItem: (id: string) => ReturnType<ReturnType<typeof createAlloClient>["getItem"]>;
} {
  const fake = createFakeAllo({
    apiKey: "ak_test_fake_key",
    publicUrl: "https://fake-allo.invalid",
    now: options.now,
    summaryDelayMs: options.summaryDelayMs ?? 20_000,
    rateLimitPerSecond: Number.MAX_SAFE_INTEGER,
  });
  const client = createAlloClient({
    baseUrl: "https://fake-allo.invalid",
    apiKey: "ak_test_fake_key",
    fetch: fake.fetch,
    timeoutMs: 5_000,
    deadlineMs: 11_000,
    maxAttempts: 1,
    now: options.now,
  });
  return { fake, getItem: (id) => client.getItem(id, { extendTranscript: true }) };
}
