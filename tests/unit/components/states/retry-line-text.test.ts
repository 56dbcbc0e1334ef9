import { describe, expect, it } from "vitest";
import { CallviewError } from "@/lib/api/errors";
import { firstRecoveryPhase as firstPhase } from "@/components/states/recovery-status";
import { retryLineText } from "@/components/states/retry-line-text";

describe("retryLineText", () => {
  it("counts down in seconds, with a capital when it starts the sentence", () => {
    expect(retryLineText({ kind: "countdown", secondsLeft: 3 }, false)).toEqual({
      sentence: "Retrying in 3 s…",
      announcement: "Retrying automatically.",
    });
    expect(retryLineText({ kind: "countdown", secondsLeft: 12 }, true)).toEqual({
      sentence: "Allo is rate limiting this dashboard — retrying in 12 s…",
      announcement: "Retrying automatically.",
    });
  });

  it("says when a request is under way and when retries have stopped", () => {
    expect(retryLineText({ kind: "requesting" }, false).sentence).toBe("Retrying now…");
    expect(retryLineText({ kind: "stopped" }, false)).toEqual({
      sentence: "Still no answer after several tries. Try again in a minute.",
      announcement: "Automatic retries stopped.",
    });
    expect(retryLineText({ kind: "stopped" }, true).sentence).toBe(
      "Allo is rate limiting this dashboard — still limited after several tries. Try again in a minute.",
    );
  });

  it("says nothing, and announces nothing, when nothing retries", () => {
    expect(retryLineText({ kind: "idle" }, false)).toEqual({ sentence: null, announcement: "" });
    expect(retryLineText({ kind: "idle" }, true)).toEqual({ sentence: null, announcement: "" });
  });
});

describe("an error page's first words, from the server's error alone", () => {
  it("promises a retry for what recovers by itself", () => {
    const limited = new CallviewError({
      code: "RATE_LIMIT_EXCEEDED",
      message: "Allo is rate limiting this dashboard.",
      retryable: true,
      retryAfterSeconds: 2,
    });
    expect(retryLineText(firstPhase(limited), true).sentence).toBe(
      "Allo is rate limiting this dashboard — retrying shortly…",
    );
    const down = new CallviewError({
      code: "UPSTREAM_UNAVAILABLE",
      message: "Allo answered 503.",
      retryable: true,
    });
    expect(retryLineText(firstPhase(down), false).sentence).toBe("Retrying shortly…");
  });

  it("promises nothing when retrying cannot help", () => {
    const rejected = new CallviewError({ code: "UPSTREAM_AUTH_REJECTED", message: "Allo rejected the key." });
    expect(firstPhase(rejected)).toEqual({ kind: "idle" });
    expect(retryLineText(firstPhase(rejected), false).sentence).toBeNull();
  });
});
