import { describe, expect, it } from "vitest";
import { backoffDelayMs, DEFAULT_RETRY_POLICY, nextRetry } from "@/lib/notifications/backoff.server";

const HOUR = 3_600_000;

describe("backoffDelayMs", () => {
  it("starts near 1 s, doubles, and stops at 5 minutes", () => {
    const top = () => 1; // the jitter's upper end
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelayMs(attempt, top))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000,
    ]);
    expect(backoffDelayMs(9, top)).toBe(256_000);
    expect(backoffDelayMs(10, top)).toBe(300_000);
    expect(backoffDelayMs(1_000, top)).toBe(300_000);
  });

  it("uses equal jitter: between half and all of the ceiling", () => {
    expect(backoffDelayMs(3, () => 0)).toBe(2_000);
    expect(backoffDelayMs(3, () => 0.5)).toBe(3_000);
    expect(backoffDelayMs(20, () => 0)).toBe(150_000);
  });
});

describe("nextRetry", () => {
  const base = { createdAtMs: 0, random: () => 0.5 };

  it("schedules the next attempt after the back-off", () => {
    expect(nextRetry({ ...base, attempts: 1, nowMs: 10_000 })).toEqual({ kind: "retry", atMs: 10_750 });
  });

  it("honours Retry-After as a floor, not a ceiling", () => {
    expect(nextRetry({ ...base, attempts: 1, nowMs: 0, retryAfterMs: 30_000 })).toEqual({
      kind: "retry",
      atMs: 30_000,
    });
    expect(nextRetry({ ...base, attempts: 12, nowMs: 0, retryAfterMs: 1_000 })).toEqual({
      kind: "retry",
      atMs: 225_000,
    });
  });

  it("gives up 24 h after creation", () => {
    expect(nextRetry({ ...base, attempts: 50, nowMs: 24 * HOUR - 1 }).kind).toBe("retry");
    expect(nextRetry({ ...base, attempts: 50, nowMs: 24 * HOUR })).toEqual({ kind: "give-up" });
    expect(DEFAULT_RETRY_POLICY.giveUpAfterMs).toBe(24 * HOUR);
  });
});
