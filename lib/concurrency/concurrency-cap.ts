/**
 * How many of something (recording streams) may run at once, in total and per key (user).
 * A refusal says which bound was hit, so the caller can answer 429 (this user's own share) or
 * 503 (the instance is full). Keys absent (no signed-in users) are bound by the total only.
 */
export type CapSlot = { ok: true; release(): void };
export type CapRefusal = { ok: false; scope: "user" | "instance" };

export type ConcurrencyCap = {
  tryAcquire(key: string | null): CapSlot | CapRefusal;
  readonly active: number;
  activeFor(key: string): number;
};

export function createConcurrencyCap(options: { total: number; perKey: number }): ConcurrencyCap {
  let active = 0;
  const byKey = new Map<string, number>();

  return {
    tryAcquire(key) {
      const mine = key === null ? 0 : (byKey.get(key) ?? 0);
      // The user's own bound first: someone at their share is told so, even on a full instance.
      if (key !== null && mine >= options.perKey) return { ok: false, scope: "user" };
      if (active >= options.total) return { ok: false, scope: "instance" };
      active++;
      if (key !== null) byKey.set(key, mine + 1);
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          active--;
          if (key === null) return;
          const left = (byKey.get(key) ?? 1) - 1;
          if (left > 0) byKey.set(key, left);
          else byKey.delete(key);
        },
      };
    },
    get active() {
      return active;
    },
    activeFor(key) {
      return byKey.get(key) ?? 0;
    },
  };
}
