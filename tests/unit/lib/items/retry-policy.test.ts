import { describe, expect, it } from "vitest";
import { CallviewError } from "@/lib/api/errors";
import { itemQueryOptions, itemRetryDelayMs } from "@/lib/items/item-query";
import { autoRetryDelayMs, jitterSpreadMs, tabJitterSeed } from "@/lib/items/retry-policy";

const limited = (retryAfterSeconds: number | null) =>
  new CallviewError({ code: "RATE_LIMIT_EXCEEDED", message: "x", retryable: true, retryAfterSeconds });

describe("autoRetryDelayMs", () => {
  it("honours Retry-After on the first tries, then backs off up to 30 s", () => {
    expect([0, 1, 2].map((n) => autoRetryDelayMs(limited(1), n))).toEqual([1000, 1000, 1000]);
    expect(autoRetryDelayMs(limited(1), 3)).toBe(2000);
    expect(autoRetryDelayMs(limited(1), 6)).toBe(16_000);
    expect(autoRetryDelayMs(limited(1), 20)).toBe(30_000);
    expect(autoRetryDelayMs(limited(5), 0)).toBe(5000);
    expect(autoRetryDelayMs(limited(null), 0)).toBe(1000);
    expect(autoRetryDelayMs(limited(1), 30)).toBeNull();
  });

  it("retries an unavailable or slow Allo four times and never a permanent error", () => {
    const down = new CallviewError({ code: "UPSTREAM_UNAVAILABLE", message: "x", retryable: true });
    expect([0, 1, 2, 3, 4].map((n) => autoRetryDelayMs(down, n))).toEqual([3000, 6000, 12_000, 24_000, null]);
    for (const code of [
      "UPSTREAM_AUTH_REJECTED",
      "CONVERSATION_ITEM_NOT_FOUND",
      "INVALID_ITEM_ID",
    ] as const) {
      expect(autoRetryDelayMs(new CallviewError({ code, message: "x" }), 0)).toBeNull();
    }
  });
});

describe("retry jitter", () => {
  const down = new CallviewError({ code: "UPSTREAM_UNAVAILABLE", message: "x", retryable: true });

  it("is the same for one tab and attempt every time it is asked", () => {
    for (const attempt of [0, 1, 2, 5]) {
      expect(autoRetryDelayMs(limited(1), attempt, 1234)).toBe(autoRetryDelayMs(limited(1), attempt, 1234));
    }
  });

  it("never comes back before Retry-After or the backoff, and at most one spread later", () => {
    for (let seed = 0; seed < 500; seed++) {
      const delay = autoRetryDelayMs(limited(1), 0, seed)!;
      expect(delay).toBeGreaterThanOrEqual(1000);
      expect(delay).toBeLessThan(1000 + jitterSpreadMs(1000));
      const backoff = autoRetryDelayMs(down, 2, seed)!;
      expect(backoff).toBeGreaterThanOrEqual(12_000);
      expect(backoff).toBeLessThan(12_000 + jitterSpreadMs(12_000));
    }
    expect(autoRetryDelayMs(limited(1), 30, 7)).toBeNull();
    expect(autoRetryDelayMs(new CallviewError({ code: "INVALID_ITEM_ID", message: "x" }), 0, 7)).toBeNull();
  });

  it("spreads tabs told the same Retry-After over the whole second after it", () => {
    const delays = Array.from({ length: 200 }, (_, seed) =>
      autoRetryDelayMs(limited(1), 0, seed * 7919 + 1)!,
    );
    // Ten 100 ms buckets between 1.0 s and 2.0 s: every one is used, none holds a quarter of the tabs.
    const buckets = Array.from(
      { length: 10 },
      (_, b) => delays.filter((d) => Math.floor((d - 1000) / 100) === b).length,
    );
    expect(buckets.every((count) => count > 0)).toBe(true);
    expect(Math.max(...buckets)).toBeLessThan(50);
  });

  it("gives one tab different offsets on different attempts", () => {
    const offsets = [0, 1, 2].map((attempt) => autoRetryDelayMs(limited(1), attempt, 99)! - 1000);
    expect(new Set(offsets).size).toBe(3);
  });

  it("is what React Query waits and what the countdown shows (one schedule)", () => {
    const options = itemQueryOptions("cll-1", { priorFailures: 1, jitterSeed: 4242 });
    const retryDelay = options.retryDelay as (failureCount: number, error: unknown) => number;
    for (const failureCount of [0, 1, 2, 3]) {
      expect(retryDelay(failureCount, limited(1))).toBe(
        itemRetryDelayMs(limited(1), failureCount, { priorFailures: 1, jitterSeed: 4242 }),
      );
    }
    // Without an explicit seed both use this tab's seed.
    const tab = itemQueryOptions("cll-1").retryDelay as (failureCount: number, error: unknown) => number;
    expect(tab(0, limited(1))).toBe(itemRetryDelayMs(limited(1), 0));
    expect(itemRetryDelayMs(limited(1), 0)).toBe(autoRetryDelayMs(limited(1), 0, tabJitterSeed()));
  });
});
