import { describe, expect, it } from "vitest";
import { createSlidingWindowLimiter } from "@/lib/concurrency/rate-limiter";

/** Lets every pending promise callback run before virtual time moves on. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A manual clock with timers, so the limiter is tested without real waiting. */
function virtualTime() {
  let t = 0;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => t,
    setTimer: (fn: () => void, ms: number) => timers.push({ at: t + ms, fn }),
    async advance(ms: number) {
      const end = t + ms;
      for (;;) {
        timers.sort((a, b) => a.at - b.at);
        const next = timers[0];
        if (!next || next.at > end) break;
        timers.shift();
        t = next.at;
        next.fn();
        await flush();
      }
      t = end;
      await flush();
    },
  };
}

describe("sliding-window limiter", () => {
  it("never grants more than the limit in any rolling window, queueing the rest in order", async () => {
    const clock = virtualTime();
    const limiter = createSlidingWindowLimiter({ limit: 20, now: clock.now, setTimer: clock.setTimer });
    const grants: number[] = [];
    const order: number[] = [];
    const all = Array.from({ length: 65 }, (_, i) =>
      limiter.acquire(10_000).then((ok) => {
        expect(ok).toBe(true);
        grants.push(clock.now());
        order.push(i);
      }),
    );
    await flush();
    await clock.advance(5_000);
    await Promise.all(all);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const start of grants) {
      expect(grants.filter((g) => g >= start && g < start + 1000).length).toBeLessThanOrEqual(20);
    }
    expect(grants.filter((g) => g < 1000)).toHaveLength(20);
    expect(Math.max(...grants)).toBe(3000);
  });

  it("refuses callers whose deadline passes while queued", async () => {
    const clock = virtualTime();
    const limiter = createSlidingWindowLimiter({ limit: 1, now: clock.now, setTimer: clock.setTimer });
    expect(await limiter.acquire(10_000)).toBe(true);
    const late = limiter.acquire(500);
    await clock.advance(600);
    expect(await late).toBe(false);
    expect(limiter.pending).toBe(0);
  });

  it("drops aborted callers", async () => {
    const clock = virtualTime();
    const limiter = createSlidingWindowLimiter({ limit: 1, now: clock.now, setTimer: clock.setTimer });
    await limiter.acquire(10_000);
    const controller = new AbortController();
    const aborted = limiter.acquire(10_000, controller.signal);
    controller.abort();
    await clock.advance(1000);
    expect(await aborted).toBe(false);
  });
});
