/**
 * The limiter in front of Allo shared by every instance (CALLVIEW_REDIS_URL): the same
 * `RateLimiter` interface (./rate-limiter.ts) and the same bound as the in-memory limiter
 * (./permit-limiter.ts), with the pool of permits in Redis, so the key's limit holds for all
 * instances together.
 *
 * The pool is one sorted set per limiter (`limiter:<name>:<key hash>:permits`): each member is a
 * permit, scored by when it stops counting, on Redis's clock (`TIME`), so every instance reads
 * the same clock.
 * - A grant adds a member scored `now + maxHoldMs` (in flight: a generous upper bound, so a
 *   process that dies holding a permit gives it back eventually); only while fewer than `limit`
 *   members are unexpired, expired ones being removed first, in the same script.
 * - A release re-scores it `now + window` (an answer came back), or `now + 2 × window` (no answer:
 *   it may still be on its way), or removes it (never sent).
 * That is the in-memory limiter's rule: a permit is held from its grant until one window after
 * its response arrived, and at most `limit` are held at any instant. Its proof carries over with
 * Redis's clock as the one clock: for the requests arriving at Allo in any window [s, s + W), each
 * grant script ran before the request left and each release script ran after its answer came
 * back, so at the latest of those grant instants all their permits were unexpired members at
 * once, hence at most `limit` of them. It is a sliding log, not a fixed window: there is no
 * boundary at which twice the limit can pass.
 *
 * What Allo says about the key is shared too (the `state` hash): a 429 pauses grants everywhere
 * until its Retry-After (capped), and X-RateLimit-Remaining/Reset cap the grants before the
 * reset, minus the permits still in flight. Waiters queue in this process, per user round-robin
 * (./fair-queue.ts); the queue asks Redis for as many permits as it has waiters, and asks again
 * when the earliest permit expires (or after `pollMs`, since another instance's release can free
 * one sooner).
 *
 * Redis unavailable: the limiter falls back to the in-memory limiter with this instance's share,
 * floor(limit / instances), instances being the last count the heartbeat saw
 * (../server/instances.server.ts; never seen: 1 permit, as if every permit had its own instance).
 * Local grants wait until this instance's own shared permits have cooled, so none counts twice,
 * and until one window has passed since the switch: the other instances' shared grants are
 * invisible here, but none can be made once Redis is gone, so a window later no rolling second
 * at Allo holds arrivals of both kinds. When Redis is back, shared grants leave room for the
 * local permits still held or cooling (the `reserve`), until they have cooled too, and for the
 * other instances' shares until they have noticed Redis too (they retry it within
 * `retryRedisAfterMs`) and their local permits have cooled (docs/decisions/0009-redis.md).
 */
import "server-only";
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { logger as appLogger } from "@/lib/server/logger.server";
import { defineLuaScript, type CallviewRedis } from "@/lib/server/redis/redis-client.server";
import { createFairQueue } from "./fair-queue";
import { createPermitLimiter } from "./permit-limiter";
import {
  SHARED_USER_KEY,
  type AcquireRefusal,
  type AcquireRequest,
  type AcquireResult,
  type Permit,
  type PermitOutcome,
  type RateLimiter,
} from "./rate-limiter";

// ACQUIRE. KEYS: permits, state. ARGV: limit, wanted, maxHoldMs, reserve, windowMs, member ids…
// Returns {granted, now, next possible grant (0: unknown, poll), occupied after this grant}.
const ACQUIRE = defineLuaScript(
  "limiterAcquire",
  `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local limit = tonumber(ARGV[1])
local wanted = tonumber(ARGV[2])
local hold = tonumber(ARGV[3])
local reserve = tonumber(ARGV[4])
local window = tonumber(ARGV[5])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local count = redis.call('ZCARD', KEYS[1])
local state = redis.call('HMGET', KEYS[2], 'pausedUntil', 'budgetRemaining', 'budgetUntil')
local pausedUntil = tonumber(state[1]) or 0
local budget = tonumber(state[2])
local budgetUntil = tonumber(state[3]) or 0
if budget and budgetUntil <= now then
  redis.call('HDEL', KEYS[2], 'budgetRemaining', 'budgetUntil')
  budget = nil
end
local blockedUntil = 0
if pausedUntil > now then blockedUntil = pausedUntil end
if budget and budget <= 0 and budgetUntil > blockedUntil then blockedUntil = budgetUntil end
local granted = 0
if blockedUntil == 0 then
  granted = math.min(wanted, limit - count - reserve)
  if budget then granted = math.min(granted, budget) end
  if granted < 0 then granted = 0 end
  for i = 1, granted do
    redis.call('ZADD', KEYS[1], now + hold, ARGV[5 + i])
  end
  if granted > 0 then
    redis.call('PEXPIRE', KEYS[1], hold + 2 * window)
    if budget then redis.call('HSET', KEYS[2], 'budgetRemaining', budget - granted) end
  end
end
local nextAt = blockedUntil
if nextAt == 0 and granted < wanted then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  if first[2] then nextAt = tonumber(first[2]) end
end
return {granted, now, nextAt, count + granted}
`,
);

// RELEASE. KEYS: permits, state. ARGV: member, kind (response|failed|unused), windowMs,
// maxHoldMs, status, retryAfterMs, remaining, resetInMs, maxPauseMs ('' for an absent number).
const RELEASE = defineLuaScript(
  "limiterRelease",
  `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local kind = ARGV[2]
local window = tonumber(ARGV[3])
local hold = tonumber(ARGV[4])
if kind == 'unused' then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 0
end
local cool = window
if kind == 'failed' then cool = 2 * window end
-- Added back even if its hold had expired: the request did go out, and counting it is the safe side.
redis.call('ZADD', KEYS[1], now + cool, ARGV[1])
redis.call('PEXPIRE', KEYS[1], hold + 2 * window)
if kind ~= 'response' then return 0 end
local maxPause = tonumber(ARGV[9])
if tonumber(ARGV[5]) == 429 then
  local pause = tonumber(ARGV[6]) or window
  pause = math.min(maxPause, math.max(0, pause))
  local current = tonumber(redis.call('HGET', KEYS[2], 'pausedUntil')) or 0
  if now + pause > current then redis.call('HSET', KEYS[2], 'pausedUntil', now + pause) end
end
local remaining = tonumber(ARGV[7])
local reset = tonumber(ARGV[8])
if remaining and reset then
  local untilAt = now + math.min(window, math.max(0, reset))
  -- Permits still in flight (scored beyond any cooling) may not be in Allo's count yet.
  local inflight = redis.call('ZCOUNT', KEYS[1], '(' .. (now + 2 * window), '+inf')
  local left = math.max(0, remaining) - inflight
  local budget = tonumber(redis.call('HGET', KEYS[2], 'budgetRemaining'))
  local budgetUntil = tonumber(redis.call('HGET', KEYS[2], 'budgetUntil')) or 0
  if budget and budgetUntil > now and math.abs(budgetUntil - untilAt) < window / 2 then
    -- Two readings of the same Allo window keep the stricter one.
    redis.call('HSET', KEYS[2], 'budgetRemaining', math.min(budget, left), 'budgetUntil', math.max(budgetUntil, untilAt))
  elseif (not budget) or budgetUntil <= now or untilAt > budgetUntil then
    redis.call('HSET', KEYS[2], 'budgetRemaining', left, 'budgetUntil', untilAt)
  end
end
redis.call('PEXPIRE', KEYS[2], maxPause + 2 * window)
return 0
`,
);

export type RedisLimiterOptions = {
  redis: CallviewRedis;
  /** The pool's name: `reads`, `writes`. */
  name: string;
  /**
   * Separates the pools of different Allo keys sharing one Redis: a hash of the key (never the
   * key). The limit is the key's, so every instance using that key shares the pool.
   */
  scope: string;
  limit: number;
  /** A released permit counts this long; Allo's window is one second (the runtime adds 10 ms). */
  windowMs?: number;
  /**
   * When an unreleased permit stops counting: longer than any request can stay in flight
   * (attempt timeout plus two windows), so only a dead or frozen process's permits expire this way.
   */
  maxHoldMs?: number;
  maxPauseMs?: number;
  /** How often waiters ask Redis again while every permit is in flight (a release elsewhere is not announced). */
  pollMs?: number;
  /** Live instances as last seen, this one included; null when never seen. */
  instanceCount: () => number | null;
  /** After a failed Redis call, how long to stay on the local share before trying Redis again. */
  retryRedisAfterMs?: number;
  initialLatencyMs?: number;
  logger?: Logger;
  /** Monotonic milliseconds, for deadlines and local cooling (Redis's clock decides the pool). */
  now?: () => number;
  random?: () => number;
};

export type RedisLimiterState = {
  mode: "shared" | "local";
  /** Permits per window while local: floor(limit / last known instances), at least 1. */
  localShare: number | null;
  pending: number;
  /** This instance's shared permits not yet cooled (what local grants wait for). */
  ownShared: number;
};

type Waiter = {
  /** Arrival order: a waiter that came while Redis was being asked is not expired by that answer. */
  seq: number;
  user: string;
  request: AcquireRequest;
  deadlineAt: number;
  settle(result: AcquireResult): void;
  /** Hands the waiter to the local limiter (Redis went away while it queued). */
  moveToLocal(): void;
};

type LocalPool = { share: number; limiter: ReturnType<typeof createPermitLimiter> };

export function createRedisLimiter(options: RedisLimiterOptions): RateLimiter & {
  state(): RedisLimiterState;
  /** Stops timers; waiters still queued are refused. For tests and shutdown. */
  close(): void;
} {
  const { redis, limit } = options;
  const windowMs = options.windowMs ?? 1_000;
  const maxHoldMs = Math.max(options.maxHoldMs ?? 15_000, 4 * windowMs);
  const maxPauseMs = options.maxPauseMs ?? 60_000;
  const pollMs = options.pollMs ?? 50;
  const retryRedisAfterMs = options.retryRedisAfterMs ?? 1_000;
  const now = options.now ?? (() => performance.now());
  const random = options.random ?? Math.random;
  const log = (options.logger ?? appLogger()).child({ limiter: options.name });
  const keys = {
    permits: redis.key("limiter", options.name, options.scope, "permits"),
    state: redis.key("limiter", options.name, options.scope, "state"),
  };
  const memberPrefix = randomBytes(6).toString("hex");
  let memberSeq = 0;

  let mode: "shared" | "local" = "shared";
  let local: LocalPool | null = null;
  let redisRetryAt = 0;
  /** No local grant before this: one window after the switch from the shared pool. */
  let localOpensAt = 0;
  /** Back on Redis: room kept for the other instances' local shares until then. */
  let othersLocal: { permits: number; until: number } | null = null;
  const queue = createFairQueue<Waiter>();
  let waiterSeq = 0;
  let lastAskedUpTo = 0;
  /** This instance's shared permits that still count (held, or released and cooling). */
  let ownShared = 0;
  let drainWaiters: (() => void)[] = [];
  /** The pool as the latest acquire saw it, for queue estimates only. */
  let pool: {
    seenAt: number;
    free: number;
    occupied: number;
    nextInMs: number | null;
    blockedForMs: number;
  } | null = null;
  let latencyMs = options.initialLatencyMs ?? 100;
  /**
   * Releases that could not reach Redis (it was down). Replayed when it is back: an AOF restart
   * would otherwise bring those permits back as in flight, blocking slots for up to maxHoldMs.
   */
  const unsentReleases = new Map<string, { at: number; outcome: PermitOutcome }>();
  let pumping = false;
  let pumpAgain = false;
  let timer: { at: number; handle: NodeJS.Timeout } | null = null;
  let closed = false;

  function refusal(reason: AcquireRefusal["reason"], waitMs: number): AcquireRefusal {
    return { ok: false, reason, retryAfterMs: reason === "aborted" ? 0 : Math.max(windowMs, waitMs) };
  }

  function newMember(): string {
    memberSeq = (memberSeq + 1) % Number.MAX_SAFE_INTEGER;
    return `${memberPrefix}:${memberSeq}`;
  }

  // ---- Local share (Redis unavailable) --------------------------------------------------

  function localReserve(): number {
    if (!local) return 0;
    const state = local.limiter.state();
    // Local waiters will still be served locally, up to the whole share at a time.
    if (state.pending > 0) return local.share;
    return state.held + state.cooling;
  }

  function enterLocal(reason: unknown) {
    redisRetryAt = now() + retryRedisAfterMs;
    if (mode === "local") return;
    mode = "local";
    localOpensAt = now() + windowMs;
    const instances = options.instanceCount();
    const share = Math.max(1, Math.floor(limit / (instances ?? limit)));
    const idle = !local || localReserve() === 0;
    if (idle) {
      local = {
        share,
        limiter: createPermitLimiter({ limit: share, windowMs, maxPauseMs, initialLatencyMs: latencyMs }),
      };
    }
    log.warn(
      {
        share: local!.share,
        instances,
        error: reason instanceof Error ? reason.message : String(reason),
      },
      "Redis unavailable: the Allo limit falls back to this instance's share",
    );
    for (const waiter of [...queue.entries()]) {
      if (queue.remove(waiter.user, waiter)) waiter.moveToLocal();
    }
  }

  /** What shared grants leave free: this instance's local permits, and the others' for a while. */
  function reserve(): number {
    if (othersLocal && now() >= othersLocal.until) othersLocal = null;
    return Math.min(limit - 1, localReserve() + (othersLocal?.permits ?? 0));
  }

  function leaveLocal() {
    mode = "shared";
    // The others may still grant their shares locally: until they have retried Redis, and
    // their last local permits (held up to a window in flight) have cooled.
    const share = local?.share ?? 1;
    const others = Math.max(0, (options.instanceCount() ?? limit) - 1);
    othersLocal = { permits: others * share, until: now() + retryRedisAfterMs + 3 * windowMs };
    log.warn({ reserve: reserve() }, "Redis available again: the Allo limit is shared again");
  }

  /** Resolves once this instance's shared permits have all cooled, or the deadline/abort comes first. */
  function ownSharedCooled(deadlineAt: number, signal?: AbortSignal): Promise<"ok" | "deadline" | "aborted"> {
    if (signal?.aborted) return Promise.resolve("aborted");
    if (ownShared === 0) return Promise.resolve("ok");
    return new Promise((resolve) => {
      let done = false;
      const finish = (outcome: "ok" | "deadline" | "aborted") => {
        if (done) return;
        done = true;
        clearTimeout(deadline);
        signal?.removeEventListener("abort", onAbort);
        drainWaiters = drainWaiters.filter((waiter) => waiter !== onDrained);
        resolve(outcome);
      };
      const onDrained = () => finish("ok");
      const onAbort = () => finish("aborted");
      const deadline = setTimeout(() => finish("deadline"), Math.max(0, deadlineAt - now()));
      deadline.unref();
      signal?.addEventListener("abort", onAbort, { once: true });
      drainWaiters.push(onDrained);
    });
  }

  /** Resolves at `at`, unless the deadline comes first (then at once) or the caller gives up. */
  function waitUntil(
    at: number,
    deadlineAt: number,
    signal?: AbortSignal,
  ): Promise<"ok" | "deadline" | "aborted"> {
    if (signal?.aborted) return Promise.resolve("aborted");
    const waitMs = at - now();
    if (waitMs <= 0) return Promise.resolve("ok");
    if (at > deadlineAt) return Promise.resolve("deadline");
    return new Promise((resolve) => {
      const onAbort = () => {
        clearTimeout(timeout);
        resolve("aborted");
      };
      const timeout = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve("ok");
      }, waitMs);
      timeout.unref();
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  async function acquireLocal(request: AcquireRequest, deadlineAt: number): Promise<AcquireResult> {
    const gate = await ownSharedCooled(deadlineAt, request.signal);
    if (gate === "aborted") return refusal("aborted", 0);
    if (gate === "deadline") return refusal("deadline", windowMs);
    const opened = await waitUntil(localOpensAt, deadlineAt, request.signal);
    if (opened === "aborted") return refusal("aborted", 0);
    if (opened === "deadline") return refusal("deadline", localOpensAt - now());
    const pool = local!;
    return pool.limiter.acquire({ ...request, maxWaitMs: Math.max(0, deadlineAt - now()) });
  }

  // ---- Shared pool (Redis) --------------------------------------------------------------

  function ownSharedDone() {
    ownShared--;
    if (ownShared > 0) return;
    const waiting = drainWaiters;
    drainWaiters = [];
    for (const wake of waiting) wake();
  }

  function releaseShared(member: string, outcome: PermitOutcome) {
    sendRelease(member, outcome).catch(() => {
      // Redis gone: the member stays in flight there until maxHoldMs (the safe side), unless this
      // release reaches it first once it is back.
      unsentReleases.set(member, { at: now(), outcome });
      if (unsentReleases.size > 10 * limit) {
        const oldest = unsentReleases.keys().next().value;
        if (oldest !== undefined) unsentReleases.delete(oldest);
      }
    });
  }

  /** Redis is back: a release made long enough ago has cooled, so its permit just goes. */
  function replayReleases() {
    const t = now();
    for (const [member, { at, outcome }] of [...unsentReleases]) {
      unsentReleases.delete(member);
      releaseShared(member, t - at > 2 * windowMs ? { kind: "unused" } : outcome);
    }
  }
  redis.client.on("ready", replayReleases);

  function sendRelease(member: string, outcome: PermitOutcome): Promise<unknown> {
    const response = outcome.kind === "response" ? outcome : null;
    const number = (value: number | null | undefined) =>
      typeof value === "number" && Number.isFinite(value) ? Math.round(value) : "";
    return redis.evalScript(
      RELEASE,
      [keys.permits, keys.state],
      [
        member,
        outcome.kind,
        windowMs,
        maxHoldMs,
        response ? response.status : "",
        number(response?.retryAfterMs),
        number(response?.remaining),
        number(response?.resetInMs),
        maxPauseMs,
      ],
    );
  }

  function sharedPermit(member: string, grantedAt: number): Permit {
    ownShared++;
    let released = false;
    // Counted here until it has cooled, however its release ends (a permit never released
    // counts until its hold would have expired in Redis).
    const fallback = setTimeout(ownSharedDone, maxHoldMs + 2 * windowMs);
    fallback.unref();
    return {
      release(outcome) {
        if (released) return;
        released = true;
        clearTimeout(fallback);
        const at = now();
        if (outcome.kind === "response") latencyMs = latencyMs * 0.8 + (at - grantedAt) * 0.2;
        const coolMs = outcome.kind === "unused" ? 0 : outcome.kind === "failed" ? 2 * windowMs : windowMs;
        if (coolMs === 0) ownSharedDone();
        else setTimeout(ownSharedDone, coolMs).unref();
        releaseShared(member, outcome);
      },
    };
  }

  function estimateWaitMs(user: string, t: number): number {
    const ahead = queue.aheadOf(user);
    const cycle = latencyMs + windowMs;
    if (!pool) return Math.floor(ahead / limit) * cycle;
    const elapsed = t - pool.seenAt;
    let wait = Math.max(0, pool.blockedForMs - elapsed);
    if (ahead >= pool.free) {
      // Other instances draw on the same pool: this one can count on about the part of it that
      // it holds now (all of it when alone, a third when three are equally busy), and on its
      // fair share at least, since every instance's queue asks as often as this one.
      const fair = 1 / Math.max(1, options.instanceCount() ?? 1);
      const held = pool.occupied > 0 ? ownShared / pool.occupied : 1;
      const mine = Math.min(1, Math.max(fair, held));
      const perCycle = Math.max(1, Math.floor(limit * mine));
      const next = Math.max(0, (pool.nextInMs ?? cycle) - elapsed);
      wait += next + Math.floor((ahead - pool.free) / perCycle) * cycle;
    }
    return wait;
  }

  /**
   * The next waiter in turn that can still use a permit. One whose deadline passed is refused
   * (`deadline`, retryable) rather than handed a permit it has no time left to use, which would
   * end as a timeout; a waiter asked for the first time gets its one chance (`maxWaitMs: 0`).
   */
  function nextEligible(t: number, askedBefore: number): Waiter | undefined {
    for (;;) {
      const waiter = queue.shift();
      if (!waiter) return undefined;
      // Less time left than a couple of round trips to Allo is no time: it would end as a timeout.
      if (waiter.deadlineAt - t > usefulMs() || waiter.seq > askedBefore) return waiter;
      waiter.settle(refusal("deadline", estimateWaitMs(waiter.user, t)));
    }
  }

  function usefulMs(): number {
    return Math.min(1_500, Math.max(500, 3 * latencyMs));
  }

  function expireDeadlines(t: number, askedUpTo: number) {
    for (const waiter of [...queue.entries()]) {
      if (waiter.seq <= askedUpTo && waiter.deadlineAt <= t && queue.remove(waiter.user, waiter)) {
        waiter.settle(refusal("deadline", estimateWaitMs(waiter.user, t)));
      }
    }
  }

  function arm(delayMs: number) {
    if (closed || queue.size === 0) return;
    const at = now() + Math.max(1, delayMs);
    if (timer && timer.at <= at) return;
    if (timer) clearTimeout(timer.handle);
    const handle = setTimeout(
      () => {
        timer = null;
        void pump();
      },
      Math.max(1, Math.ceil(at - now())),
    );
    handle.unref();
    timer = { at, handle };
  }

  async function pump(): Promise<void> {
    if (pumping) {
      pumpAgain = true;
      return;
    }
    pumping = true;
    try {
      do {
        pumpAgain = false;
        await pumpOnce();
      } while (pumpAgain && !closed && mode === "shared" && queue.size > 0);
    } finally {
      pumping = false;
    }
  }

  async function pumpOnce(): Promise<void> {
    if (closed || mode !== "shared") return;
    // Deadlines are checked after asking, so a caller that cannot wait at all still gets a
    // permit that is free right now.
    if (queue.size === 0) return;
    const wanted = Math.min(queue.size, limit);
    // Waiters up to `askedBefore` were in an earlier round; the rest are asked for the first time.
    const askedBefore = lastAskedUpTo;
    const askedUpTo = waiterSeq;
    lastAskedUpTo = askedUpTo;
    const members = Array.from({ length: wanted }, newMember);
    let reply: unknown;
    try {
      reply = await redis.evalScript(
        ACQUIRE,
        [keys.permits, keys.state],
        [limit, wanted, maxHoldMs, reserve(), windowMs, ...members],
      );
    } catch (error) {
      enterLocal(error);
      return;
    }
    const [granted = 0, redisNow = 0, nextAt = 0, occupied = 0] = Array.isArray(reply)
      ? reply.map(Number)
      : [];
    const t = now();
    for (let i = 0; i < granted; i++) {
      const member = members[i]!;
      // A waiter may have left (aborted, moved) while the script ran: give its permit back.
      const waiter = mode === "shared" ? nextEligible(t, askedBefore) : undefined;
      if (waiter) waiter.settle({ ok: true, permit: sharedPermit(member, t) });
      else releaseShared(member, { kind: "unused" });
    }
    const blocked = granted === 0 && nextAt > redisNow && occupied + reserve() < limit;
    pool = {
      seenAt: t,
      free: Math.max(0, limit - occupied - reserve()),
      occupied,
      nextInMs: nextAt > redisNow ? nextAt - redisNow : null,
      blockedForMs: blocked ? nextAt - redisNow : 0,
    };
    expireDeadlines(t, askedUpTo);
    if (queue.size === 0) return;
    // Ask again when the earliest permit expires, but at least every pollMs (a release elsewhere
    // is not announced), or when Allo's pause ends; and in time for the first deadline.
    let delay = blocked
      ? nextAt - redisNow
      : Math.min(pollMs, nextAt > redisNow ? nextAt - redisNow : pollMs);
    // Jitter, so several instances do not ask in lockstep.
    delay = Math.max(1, Math.round(delay * (0.75 + random() * 0.5)));
    let firstDeadline = Infinity;
    for (const waiter of queue.entries()) firstDeadline = Math.min(firstDeadline, waiter.deadlineAt);
    arm(Math.min(delay, firstDeadline - t));
  }

  function acquireShared(request: AcquireRequest, t: number): Promise<AcquireResult> {
    const user = request.user ?? SHARED_USER_KEY;
    if (queue.size > 0) {
      const waitMs = estimateWaitMs(user, t);
      if (waitMs > request.maxWaitMs) return Promise.resolve(refusal("busy", waitMs));
    }
    return new Promise<AcquireResult>((resolve) => {
      const signal = request.signal;
      const deadlineAt = t + request.maxWaitMs;
      let settled = false;
      const onAbort = () => {
        if (queue.remove(user, waiter)) waiter.settle(refusal("aborted", 0));
      };
      const waiter: Waiter = {
        seq: ++waiterSeq,
        user,
        request,
        deadlineAt,
        settle(result) {
          if (settled) return;
          settled = true;
          signal?.removeEventListener("abort", onAbort);
          resolve(result);
        },
        moveToLocal() {
          signal?.removeEventListener("abort", onAbort);
          void acquireLocal(request, deadlineAt).then((result) => waiter.settle(result));
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(user, waiter);
      void pump();
    });
  }

  return {
    acquire(request) {
      const t = now();
      if (closed) return Promise.resolve(refusal("busy", windowMs));
      if (request.signal?.aborted) return Promise.resolve(refusal("aborted", 0));
      if (mode === "shared" && !redis.isReady) enterLocal(new Error("Redis not connected"));
      if (mode === "local" && redis.isReady && t >= redisRetryAt) leaveLocal();
      if (mode === "local") return acquireLocal(request, t + request.maxWaitMs);
      return acquireShared(request, t);
    },
    get pending() {
      return queue.size + (local?.limiter.pending ?? 0);
    },
    state() {
      return { mode, localShare: local?.share ?? null, pending: this.pending, ownShared };
    },
    close() {
      closed = true;
      redis.client.off("ready", replayReleases);
      if (timer) clearTimeout(timer.handle);
      timer = null;
      for (const waiter of [...queue.entries()]) {
        if (queue.remove(waiter.user, waiter)) waiter.settle(refusal("busy", windowMs));
      }
    },
  };
}
