import { describe, expect, it } from "vitest";
import { maxInRollingWindow } from "@/lib/allo/fake/fake-allo";
import { createPermitLimiter } from "@/lib/concurrency/permit-limiter";
import type { AcquireResult, Permit } from "@/lib/concurrency/rate-limiter";

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

function limiterOn(clock: ReturnType<typeof virtualTime>, limit: number, extra = {}) {
  return createPermitLimiter({ limit, now: clock.now, setTimer: clock.setTimer, ...extra });
}

const permitOf = (result: AcquireResult): Permit => {
  if (!result.ok) throw new Error(`expected a permit, got ${result.reason}`);
  return result.permit;
};

const answered = (status = 200, extra = {}) => ({ kind: "response" as const, status, ...extra });

describe("permit limiter", () => {
  it("never grants more than the limit in any rolling window, queueing the rest in order", async () => {
    const clock = virtualTime();
    const limiter = limiterOn(clock, 20);
    const grants: number[] = [];
    const order: number[] = [];
    const all = Array.from({ length: 65 }, (_, i) =>
      limiter.acquire({ maxWaitMs: 10_000 }).then((result) => {
        expect(result.ok).toBe(true);
        grants.push(clock.now());
        order.push(i);
        // Allo answers at once: the permit then counts for one more window.
        permitOf(result).release(answered());
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

  it("refuses callers whose deadline cannot be met, at once and without queueing them", async () => {
    const clock = virtualTime();
    const limiter = limiterOn(clock, 1);
    permitOf(await limiter.acquire({ maxWaitMs: 10_000 }));
    const late = limiter.acquire({ maxWaitMs: 500 });
    expect(limiter.pending).toBe(0);
    await clock.advance(600);
    const result = await late;
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe("busy");
    expect(limiter.pending).toBe(0);
  });

  it("drops aborted callers at once, freeing their place", async () => {
    const clock = virtualTime();
    const limiter = limiterOn(clock, 1);
    permitOf(await limiter.acquire({ maxWaitMs: 10_000 }));
    const controller = new AbortController();
    const aborted = limiter.acquire({ maxWaitMs: 10_000, signal: controller.signal });
    await flush();
    expect(limiter.pending).toBe(1);
    controller.abort();
    expect(limiter.pending).toBe(0);
    const result = await aborted;
    expect(!result.ok && result.reason).toBe("aborted");
  });

  it("holds a permit until the response has arrived, and one window after that", async () => {
    const clock = virtualTime();
    const limiter = limiterOn(clock, 2);
    const a = permitOf(await limiter.acquire({ maxWaitMs: 10_000 }));
    const b = permitOf(await limiter.acquire({ maxWaitMs: 10_000 }));
    let grantedAt: number | null = null;
    const c = limiter.acquire({ maxWaitMs: 10_000 }).then((result) => {
      grantedAt = clock.now();
      return result;
    });
    // A start-counting window would let C go at 1000; A's response is only back at 900.
    await clock.advance(900);
    a.release(answered());
    await clock.advance(300);
    expect(grantedAt).toBeNull();
    await clock.advance(700);
    expect(grantedAt).toBe(1900);
    permitOf(await c).release(answered());
    b.release(answered());
  });

  it("frees an unused permit at once and cools a failed one for two windows", async () => {
    const clock = virtualTime();
    const limiter = limiterOn(clock, 1);
    permitOf(await limiter.acquire({ maxWaitMs: 10_000 })).release({ kind: "unused" });
    const failed = permitOf(await limiter.acquire({ maxWaitMs: 10_000 }));
    expect(limiter.state().held).toBe(1);
    failed.release({ kind: "failed" });
    let grantedAt: number | null = null;
    const next = limiter.acquire({ maxWaitMs: 10_000 }).then((result) => {
      grantedAt = clock.now();
      return result;
    });
    await clock.advance(1_999);
    expect(grantedAt).toBeNull();
    await clock.advance(1);
    expect(grantedAt).toBe(2000);
    permitOf(await next).release(answered());
  });

  it("pauses every caller after a 429 until Retry-After has passed", async () => {
    const clock = virtualTime();
    const limiter = limiterOn(clock, 20);
    const first = permitOf(await limiter.acquire({ maxWaitMs: 10_000 }));
    await clock.advance(10);
    first.release(answered(429, { retryAfterMs: 3000 }));
    expect(limiter.state().pausedForMs).toBe(3000);
    const grants: number[] = [];
    const waiting = Array.from({ length: 5 }, () =>
      limiter.acquire({ maxWaitMs: 10_000 }).then((result) => {
        grants.push(clock.now());
        permitOf(result).release(answered());
      }),
    );
    await clock.advance(2_999);
    expect(grants).toEqual([]);
    await clock.advance(10);
    await Promise.all(waiting);
    expect(grants).toEqual([3010, 3010, 3010, 3010, 3010]);
  });

  it("stops at Allo's X-RateLimit-Remaining until its reset, counting requests still in flight", async () => {
    const clock = virtualTime();
    const limiter = limiterOn(clock, 20);
    const inFlight = permitOf(await limiter.acquire({ maxWaitMs: 10_000 }));
    const reporter = permitOf(await limiter.acquire({ maxWaitMs: 10_000 }));
    // Allo has 3 left until its reset in 400 ms; one of ours is still on its way.
    reporter.release(answered(200, { remaining: 3, resetInMs: 400 }));
    const grants: number[] = [];
    const waiting = Array.from({ length: 4 }, () =>
      limiter.acquire({ maxWaitMs: 10_000 }).then((result) => {
        grants.push(clock.now());
        return permitOf(result);
      }),
    );
    await flush();
    expect(grants).toEqual([0, 0]);
    await clock.advance(399);
    expect(grants).toHaveLength(2);
    await clock.advance(1);
    expect(grants).toEqual([0, 0, 400, 400]);
    for (const permit of await Promise.all(waiting)) permit.release(answered());
    inFlight.release(answered());
  });

  it("answers a burst it cannot serve in time at once, with a Retry-After that grows with the queue", async () => {
    const clock = virtualTime();
    const limiter = limiterOn(clock, 20);
    const settled: { i: number; at: number; result: AcquireResult }[] = [];
    const all = Array.from({ length: 100 }, (_, i) =>
      limiter.acquire({ maxWaitMs: 2_500 }).then((result) => {
        settled.push({ i, at: clock.now(), result });
        // Allo answers 50 ms later.
        if (result.ok) clock.setTimer(() => result.permit.release(answered()), 50);
      }),
    );
    await flush();
    // Before any time passes: the first 20 have permits and every refusal is already answered.
    const atOnce = settled.filter(({ result }) => !result.ok);
    expect(settled.filter(({ result }) => result.ok)).toHaveLength(20);
    expect(atOnce.length).toBeGreaterThan(0);
    await clock.advance(10_000);
    await Promise.all(all);
    const refused = settled.filter(({ result }) => !result.ok);
    const granted = settled.filter(({ result }) => result.ok);
    // Nobody was refused late: whoever was queued got a permit within its 2.5 s.
    expect(refused).toEqual(atOnce);
    expect(granted.every(({ at }) => at <= 2_500)).toBe(true);
    expect(granted.length + refused.length).toBe(100);
    expect(granted.length).toBeGreaterThanOrEqual(40);
    for (const { result } of refused) {
      if (result.ok) continue;
      expect(result.reason).toBe("busy");
      // Computed from the queue it could not join: about when that queue will have drained.
      expect(result.retryAfterMs).toBeGreaterThan(2_500);
      expect(result.retryAfterMs).toBeLessThanOrEqual(Math.ceil(granted.length / 20 + 1) * 1_100);
    }
  });

  it("serves users in turn, so one user's 60 requests do not starve another's 5", async () => {
    const clock = virtualTime();
    const limiter = limiterOn(clock, 5);
    const order: string[] = [];
    const ask = (user: string) =>
      limiter.acquire({ maxWaitMs: 60_000, user }).then((result) => {
        order.push(user);
        // Allo answers 20 ms later.
        clock.setTimer(() => permitOf(result).release(answered()), 20);
      });
    const heavy = Array.from({ length: 60 }, () => ask("heavy"));
    await flush();
    const light = Array.from({ length: 5 }, () => ask("light"));
    await clock.advance(30_000);
    await Promise.all([...heavy, ...light]);
    // The first 5 went at once, all heavy; after that the two users alternate.
    const lightPositions = order.flatMap((user, i) => (user === "light" ? [i] : []));
    expect(lightPositions).toHaveLength(5);
    expect(Math.max(...lightPositions)).toBeLessThan(5 + 10);
  });

  it("keeps arrivals within the limit per rolling window however late requests leave and answers come", async () => {
    const clock = virtualTime();
    const limiter = limiterOn(clock, 20, { windowMs: 1000 });
    // A deterministic stream of "busy event loop" delays between grant and arrival at Allo
    // (0–900 ms) and of Allo's answer times (5–200 ms).
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const arrivals: number[] = [];
    const requests = Array.from({ length: 300 }, (_, i) =>
      (async () => {
        // Callers arrive over ~6 s.
        await new Promise<void>((resolve) => clock.setTimer(resolve, Math.floor(i * 20)));
        const result = await limiter.acquire({ maxWaitMs: 60_000 });
        const permit = permitOf(result);
        const departure = random() * 900;
        const answer = 5 + random() * 195;
        await new Promise<void>((resolve) => clock.setTimer(resolve, departure));
        arrivals.push(clock.now());
        await new Promise<void>((resolve) => clock.setTimer(resolve, answer));
        permit.release(answered());
      })(),
    );
    for (let i = 0; i < 400; i++) await clock.advance(100);
    await Promise.all(requests);
    arrivals.sort((a, b) => a - b);
    expect(arrivals).toHaveLength(300);
    expect(maxInRollingWindow(arrivals, 1000)).toBeLessThanOrEqual(20);
  });
});
