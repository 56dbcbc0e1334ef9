/**
 * When to try again: exponential back-off with equal jitter (half fixed, half random, so retries
 * from several instances spread out yet never come back almost at once), from about 1 s, doubling
 * to a 5-minute cap, and a Retry-After the other side sent as a floor. After 24 h since the thing
 * was created we give up: a notification that late is noise, and Allo itself stops retrying
 * after about 27 h.
 */
import "server-only";

export type RetryPolicy = {
  baseMs: number;
  capMs: number;
  /** Measured from creation (the notification, or the webhook's receipt). */
  giveUpAfterMs: number;
};

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 1_000,
  capMs: 5 * 60_000,
  giveUpAfterMs: 24 * 60 * 60_000,
};

/** Delay before retry number `attempt` (1 = after the first failure), in [cap/2, cap]. */
export function backoffDelayMs(
  attempt: number,
  random: () => number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export type RetryDecision = { kind: "retry"; atMs: number } | { kind: "give-up" };

export function nextRetry(input: {
  /** Failed attempts so far, this one included. */
  attempts: number;
  createdAtMs: number;
  nowMs: number;
  /** From Retry-After (429, 503): never come back earlier than this. */
  retryAfterMs?: number | null;
  random: () => number;
  policy?: RetryPolicy;
}): RetryDecision {
  const policy = input.policy ?? DEFAULT_RETRY_POLICY;
  if (input.nowMs - input.createdAtMs >= policy.giveUpAfterMs) return { kind: "give-up" };
  const delay = Math.max(backoffDelayMs(input.attempts, input.random, policy), input.retryAfterMs ?? 0);
  return { kind: "retry", atMs: input.nowMs + delay };
}
