import { describe, expect, it } from "vitest";
import { CallviewError } from "@/lib/api/errors";
import { autoRetryDelayMs } from "@/lib/items/retry-policy";

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
