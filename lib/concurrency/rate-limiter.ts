/**
 * The interface every limiter in front of Allo implements: the in-memory one of this process
 * (./permit-limiter.ts) today, a shared one (Redis) for several instances later. Callers never
 * depend on the algorithm, only on this:
 *
 *   const slot = await limiter.acquire({ maxWaitMs, signal, user });
 *   if (!slot.ok) → answer busy with Retry-After = slot.retryAfterMs
 *   …send the request…
 *   slot.permit.release({ kind: "response", status, …rate-limit headers })   // or "failed" / "unused"
 *
 * Why a permit with an outcome rather than "a start time": a request may leave this process
 * long after it was allowed to (a busy event loop, a connection still being opened), so a limit
 * on *starts* says little about *arrivals* at Allo. A permit is held until the response is back,
 * and the outcome carries what Allo said about its own limit (429 + Retry-After,
 * X-RateLimit-Remaining/Reset) to every other caller of the same key.
 */

export type AcquireRequest = {
  /** How long the caller may wait for a permit; it is refused at once if the queue cannot serve it in time. */
  maxWaitMs: number;
  /** Aborting drops the caller from the queue immediately (its place is freed for others). */
  signal?: AbortSignal;
  /**
   * Fair-share key (a signed-in user): callers with different keys are served in turn.
   * Absent: one shared key, i.e. first-in, first-out among all such callers.
   */
  user?: string | null;
};

export type AcquireRefusal = {
  ok: false;
  /**
   * `busy`: refused on arrival, the queue could not serve this caller within `maxWaitMs`;
   * `deadline`: queued, but no permit came in time (Allo paused us meanwhile);
   * `aborted`: the caller's signal fired.
   */
  reason: "busy" | "deadline" | "aborted";
  /** Estimated time until a permit would be available to a newcomer: the Retry-After to send. */
  retryAfterMs: number;
};

export type AcquireResult = { ok: true; permit: Permit } | AcquireRefusal;

/** What happened to the request a permit allowed. */
export type PermitOutcome =
  /** Allo answered (any status). Rate-limit facts are optional: not every response carries them. */
  | {
      kind: "response";
      status: number;
      /** From Retry-After (429): nothing is sent to Allo on this key until it has passed. */
      retryAfterMs?: number | null;
      /** X-RateLimit-Remaining: how many more reads Allo allows before `resetInMs`. */
      remaining?: number | null;
      /** X-RateLimit-Reset, as a delay from now. */
      resetInMs?: number | null;
    }
  /** No answer (network error, timeout, caller gone after sending): it may still have arrived. */
  | { kind: "failed" }
  /** The request was never sent (e.g. the deadline passed right after the grant). */
  | { kind: "unused" };

export type Permit = {
  /** Call exactly once; later calls are ignored. */
  release(outcome: PermitOutcome): void;
};

export type RateLimiter = {
  acquire(request: AcquireRequest): Promise<AcquireResult>;
  /** Callers waiting in this process. */
  readonly pending: number;
};

/** The fair-share key of callers without a user (AUTH_MODE=none, demo mode). */
export const SHARED_USER_KEY = "shared";
