import { describe, expect, it } from "vitest";
import { createKeyedCache } from "@/lib/server/keyed-cache.server";

type Answer = { ok: boolean; value: string; bytes: number };

function harness(options: { maxBytes?: number; answers?: Answer[] } = {}) {
  let now = 1_000_000;
  const loads: { key: string; signal: AbortSignal; requestId?: string; user?: string | null }[] = [];
  const release: (() => void)[] = [];
  const cache = createKeyedCache<Answer>(
    async (key, context) => {
      loads.push({ key, ...context });
      await new Promise<void>((resolve) => release.push(resolve));
      return options.answers?.shift() ?? { ok: true, value: `${key}#${loads.length}`, bytes: 1_000 };
    },
    {
      ttlFor: (answer) => (answer.ok ? 60_000 : 0),
      bytesOf: (answer) => answer.bytes,
      cancelled: () => ({ ok: false, value: "cancelled", bytes: 0 }),
      maxBytes: options.maxBytes ?? 10_000,
      now: () => now,
    },
  );
  const settle = async () => {
    while (release.length > 0) release.shift()!();
    await new Promise((resolve) => setTimeout(resolve, 0));
  };
  return { cache, loads, settle, advance: (ms: number) => (now += ms) };
}

describe("keyed cache", () => {
  it("coalesces concurrent misses into one load and serves hits until the TTL", async () => {
    const { cache, loads, settle, advance } = harness();
    const burst = Array.from({ length: 20 }, () => cache.get("+14155551234\n1"));
    await settle();
    const outcomes = (await Promise.all(burst)).map((entry) => entry.outcome);
    expect(loads).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "miss")).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === "coalesced")).toHaveLength(19);
    expect((await cache.get("+14155551234\n1")).outcome).toBe("hit");
    advance(60_001);
    const later = cache.get("+14155551234\n1");
    await settle();
    expect((await later).outcome).toBe("miss");
  });

  it("never keeps what ttlFor says not to (errors)", async () => {
    const { cache, loads, settle } = harness({ answers: [{ ok: false, value: "down", bytes: 0 }] });
    const first = cache.get("k");
    await settle();
    expect((await first).result.ok).toBe(false);
    const second = cache.get("k");
    await settle();
    expect((await second).outcome).toBe("miss");
    expect(loads).toHaveLength(2);
  });

  it("passes the loader's request id and fair-share key", async () => {
    const { cache, loads, settle } = harness();
    const pending = cache.get("k", { requestId: "req_abcdefabcdef", user: "u_1" });
    await settle();
    await pending;
    expect(loads[0]).toMatchObject({ key: "k", requestId: "req_abcdefabcdef", user: "u_1" });
  });

  it("aborts a shared load only when every waiter has gone", async () => {
    const { cache, loads } = harness();
    const a = new AbortController();
    const b = new AbortController();
    const first = cache.get("k", { signal: a.signal });
    const second = cache.get("k", { signal: b.signal });
    a.abort();
    expect((await first).result.value).toBe("cancelled");
    expect(loads[0]?.signal.aborted).toBe(false);
    b.abort();
    expect((await second).result.value).toBe("cancelled");
    expect(loads[0]?.signal.aborted).toBe(true);
    expect(cache.loading).toBe(0);
  });

  it("is bounded by bytes, least recently used first, and skips an answer larger than the budget", async () => {
    const { cache, settle } = harness({
      maxBytes: 2_500,
      answers: [
        { ok: true, value: "a", bytes: 1_000 },
        { ok: true, value: "b", bytes: 1_000 },
        { ok: true, value: "c", bytes: 1_000 },
        { ok: true, value: "huge", bytes: 5_000 },
      ],
    });
    for (const key of ["a", "b", "c", "huge"]) {
      const pending = cache.get(key);
      await settle();
      await pending;
    }
    expect(cache.size).toBe(2);
    expect(cache.bytes).toBe(2_000);
    expect((await cache.get("c")).outcome).toBe("hit");
    expect((await cache.get("b")).outcome).toBe("hit");
  });

  it("invalidate forgets the entry, and a load in flight at that moment is not kept", async () => {
    const { cache, loads, settle } = harness();
    const pending = cache.get("k");
    await cache.invalidate("k");
    await settle();
    expect((await pending).result.ok).toBe(true);
    const next = cache.get("k");
    await settle();
    expect((await next).outcome).toBe("miss");
    expect(loads).toHaveLength(2);
    expect((await cache.get("k")).outcome).toBe("hit");
    await cache.invalidate("k");
    const again = cache.get("k");
    await settle();
    expect((await again).outcome).toBe("miss");
  });
});
