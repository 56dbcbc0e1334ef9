import { describe, expect, it } from "vitest";
import { createConcurrencyCap } from "@/lib/concurrency/concurrency-cap";

describe("concurrency cap", () => {
  it("bounds each key and the total, says which bound refused, and frees on release", () => {
    const cap = createConcurrencyCap({ total: 3, perKey: 2 });
    const a1 = cap.tryAcquire("a");
    const a2 = cap.tryAcquire("a");
    expect(a1.ok && a2.ok).toBe(true);
    expect(cap.tryAcquire("a")).toEqual({ ok: false, scope: "user" });
    expect(cap.tryAcquire("b").ok).toBe(true);
    expect(cap.tryAcquire("c")).toEqual({ ok: false, scope: "instance" });
    // A user at their share hears about their share, even when the instance is full too.
    expect(cap.tryAcquire("a")).toEqual({ ok: false, scope: "user" });
    if (a1.ok) {
      a1.release();
      a1.release();
    }
    expect(cap.active).toBe(2);
    expect(cap.activeFor("a")).toBe(1);
    expect(cap.tryAcquire("c").ok).toBe(true);
  });

  it("applies only the total to callers without a key (no sign-in)", () => {
    const cap = createConcurrencyCap({ total: 3, perKey: 1 });
    expect([cap.tryAcquire(null), cap.tryAcquire(null), cap.tryAcquire(null)].every((slot) => slot.ok)).toBe(
      true,
    );
    expect(cap.tryAcquire(null)).toEqual({ ok: false, scope: "instance" });
  });
});
