/**
 * The in-memory limiter of one process: at most `limit` permits *held* at any instant, where a
 * permit is held from its grant until one window after its response arrived.
 *
 * Why this bounds arrivals at Allo in every rolling window, whatever the event loop does:
 * take any window [s, s + W) on Allo's side and the requests i that arrive in it, at a_i.
 * Request i's permit was granted at g_i ≤ a_i (a request cannot arrive before it is allowed)
 * and is held until r_i + W, where r_i ≥ a_i is when its response arrived here (Allo answers
 * after it received the request). Let m be the latest of the grants g_i. Then for every i,
 * g_i ≤ m ≤ max a_j < s + W ≤ a_i + W ≤ r_i + W: at the instant m all these permits are held
 * at once. At most `limit` permits are ever held at once, so at most `limit` requests arrive in
 * the window. No delay between grant and departure (a blocked event loop, a slow connect, a
 * queue in the network) enters the argument; only the response being observed late does, and
 * that only holds the permit longer.
 *
 * A request without a response (network error, timeout, caller gone) may still be on its way
 * when we give up on it, so its permit cools for two windows instead of one: it would have to
 * take longer than a window in flight to arrive after its permit was free again.
 *
 * On top of that, what Allo says about its own count applies to every caller of the key:
 * - a 429 pauses all grants until its Retry-After has passed (at most `maxPauseMs`);
 * - X-RateLimit-Remaining/Reset: no more than `remaining` (minus the permits still in flight,
 *   which Allo may or may not have counted yet) further grants before the reset. The reset is
 *   capped at one window, since Allo's limit is per second and a later reset is clock skew.
 *
 * Waiters queue per user, served round-robin (./fair-queue.ts). A newcomer whose estimated
 * wait exceeds its `maxWaitMs` is refused at once with that estimate as Retry-After, instead of
 * waiting out its whole deadline for a 429 it was always going to get.
 */
import { createFairQueue } from "./fair-queue";
import {
  SHARED_USER_KEY,
  type AcquireRequest,
  type AcquireResult,
  type Permit,
  type PermitOutcome,
  type RateLimiter,
} from "./rate-limiter";

export type PermitLimiterOptions = {
  limit: number;
  /** Length of the window a released permit still counts in; Allo's is one second. */
  windowMs?: number;
  /** Monotonic milliseconds (performance.now by default: wall-clock jumps must not open the gate). */
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  /** Upper bound on one pause from Retry-After, so a bogus header cannot stop the dashboard for hours. */
  maxPauseMs?: number;
  /** Assumed round trip to Allo before the first response has been measured (queue estimates). */
  initialLatencyMs?: number;
};

type Waiter = {
  user: string;
  deadlineAt: number;
  settle(result: AcquireResult): void;
};

type HeldPermit = { grantedAt: number };

export type PermitLimiterState = {
  held: number;
  cooling: number;
  pending: number;
  /** Milliseconds until grants resume after a 429 or an exhausted X-RateLimit-Remaining; 0 if not paused. */
  pausedForMs: number;
};

export function createPermitLimiter(options: PermitLimiterOptions): RateLimiter & {
  state(): PermitLimiterState;
} {
  const limit = options.limit;
  const windowMs = options.windowMs ?? 1_000;
  const now = options.now ?? (() => performance.now());
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const maxPauseMs = options.maxPauseMs ?? 60_000;

  const held = new Set<HeldPermit>();
  /** When released permits stop counting, ascending. held.size + cooling.length ≤ limit. */
  const cooling: number[] = [];
  let pausedUntil = -Infinity;
  /** Allo's own remaining count, as of the latest response that carried it. */
  let budget: { remaining: number; until: number } | null = null;
  /** Smoothed grant-to-response time, for queue estimates only (never for the bound itself). */
  let latencyMs = options.initialLatencyMs ?? 100;
  const queue = createFairQueue<Waiter>();
  let timer: { at: number } | null = null;

  function prune(t: number) {
    while (cooling.length > 0 && cooling[0]! <= t) cooling.shift();
    if (budget && budget.until <= t) budget = null;
  }

  function freeSlots(): number {
    return limit - held.size - cooling.length;
  }

  /** Until when Allo told us to send nothing more; null when it did not (or that has passed). */
  function blockedUntil(t: number): number | null {
    let until = pausedUntil > t ? pausedUntil : null;
    if (budget && budget.remaining <= 0) until = Math.max(until ?? -Infinity, budget.until);
    return until;
  }

  function cool(until: number) {
    let index = cooling.length;
    while (index > 0 && cooling[index - 1]! > until) index--;
    cooling.splice(index, 0, until);
  }

  function grant(t: number): Permit {
    const permit: HeldPermit = { grantedAt: t };
    held.add(permit);
    if (budget) budget.remaining--;
    let released = false;
    return {
      release(outcome: PermitOutcome) {
        if (released) return;
        released = true;
        const at = now();
        held.delete(permit);
        settle(outcome, at, at - permit.grantedAt);
        drain();
      },
    };
  }

  function settle(outcome: PermitOutcome, at: number, tookMs: number) {
    if (outcome.kind === "unused") return;
    if (outcome.kind === "failed") {
      cool(at + 2 * windowMs);
      return;
    }
    cool(at + windowMs);
    latencyMs = latencyMs * 0.8 + tookMs * 0.2;
    if (outcome.status === 429) {
      const pause = Math.min(maxPauseMs, Math.max(0, outcome.retryAfterMs ?? windowMs));
      pausedUntil = Math.max(pausedUntil, at + pause);
    }
    if (typeof outcome.remaining === "number" && typeof outcome.resetInMs === "number") {
      const until = at + Math.min(windowMs, Math.max(0, outcome.resetInMs));
      // Requests still in flight may not be in Allo's count yet: assume they will be.
      const remaining = Math.max(0, outcome.remaining) - held.size;
      // Two readings of the same Allo window keep the stricter one; a later window replaces it.
      if (budget && Math.abs(budget.until - until) < windowMs / 2) {
        budget = { remaining: Math.min(budget.remaining, remaining), until: Math.max(budget.until, until) };
      } else if (!budget || until > budget.until) {
        budget = { remaining, until };
      }
    }
  }

  function canGrant(t: number): boolean {
    return freeSlots() > 0 && blockedUntil(t) === null;
  }

  /**
   * When a newcomer for `user` would get a permit, from queue position, limit and window: the
   * k-th grant from now takes the k-th slot to free up (free now; cooling until a known time;
   * in flight until about a round trip plus a window), each slot serving again one round trip
   * plus a window later. Allo's pause and remaining count push it further.
   */
  function estimateWaitMs(user: string, t: number): number {
    const ahead = queue.aheadOf(user);
    const slots: number[] = [];
    for (let i = 0; i < freeSlots(); i++) slots.push(t);
    slots.push(...cooling);
    for (const permit of held) slots.push(Math.max(t, permit.grantedAt + latencyMs) + windowMs);
    slots.sort((a, b) => a - b);
    const cycle = latencyMs + windowMs;
    let at = slots[ahead % limit]! + Math.floor(ahead / limit) * cycle;
    if (pausedUntil > t) at += pausedUntil - t;
    if (budget && ahead >= budget.remaining) at = Math.max(at, budget.until);
    return Math.max(0, at - t);
  }

  function refusal(reason: "busy" | "deadline" | "aborted", waitMs: number): AcquireResult {
    return { ok: false, reason, retryAfterMs: reason === "aborted" ? 0 : Math.max(windowMs, waitMs) };
  }

  function drain() {
    const t = now();
    prune(t);
    for (const waiter of [...queue.entries()]) {
      if (waiter.deadlineAt <= t && queue.remove(waiter.user, waiter)) {
        waiter.settle(refusal("deadline", estimateWaitMs(waiter.user, t)));
      }
    }
    while (queue.size > 0 && canGrant(t)) queue.shift()!.settle({ ok: true, permit: grant(t) });
    if (queue.size === 0) return;

    // Wake for whichever comes first: a cooling slot frees, Allo's pause ends, a deadline passes.
    // A slot held by a request in flight frees on its release, which drains by itself.
    const wakes: number[] = [];
    const blocked = blockedUntil(t);
    if (blocked !== null) wakes.push(blocked);
    if (freeSlots() <= 0 && cooling.length > 0) wakes.push(cooling[0]!);
    for (const waiter of queue.entries()) wakes.push(waiter.deadlineAt);
    arm(Math.min(...wakes));
  }

  function arm(at: number) {
    if (!Number.isFinite(at)) return;
    if (timer && timer.at <= at) return;
    const armed = { at };
    timer = armed;
    setTimer(
      () => {
        if (timer === armed) timer = null;
        drain();
      },
      Math.max(1, Math.ceil(at - now())),
    );
  }

  return {
    acquire(request: AcquireRequest): Promise<AcquireResult> {
      const t = now();
      prune(t);
      if (request.signal?.aborted) return Promise.resolve(refusal("aborted", 0));
      const user = request.user ?? SHARED_USER_KEY;
      if (queue.size === 0 && canGrant(t)) return Promise.resolve({ ok: true, permit: grant(t) });
      const waitMs = estimateWaitMs(user, t);
      if (waitMs > request.maxWaitMs) return Promise.resolve(refusal("busy", waitMs));

      return new Promise<AcquireResult>((resolve) => {
        const signal = request.signal;
        const onAbort = () => {
          // Leave at once: the place is free for others and estimates stop counting it.
          if (queue.remove(user, waiter)) waiter.settle(refusal("aborted", 0));
        };
        const waiter: Waiter = {
          user,
          deadlineAt: t + request.maxWaitMs,
          settle(result) {
            signal?.removeEventListener("abort", onAbort);
            resolve(result);
          },
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        queue.push(user, waiter);
        drain();
      });
    },
    get pending() {
      return queue.size;
    },
    state() {
      const t = now();
      prune(t);
      const blocked = blockedUntil(t);
      return {
        held: held.size,
        cooling: cooling.length,
        pending: queue.size,
        pausedForMs: blocked === null ? 0 : blocked - t,
      };
    },
  };
}
