/**
 * Where an error page's automatic recovery stands, and what its panel says of it: pure rules
 * shared by the panel's first render (./item-error-panel, on the server, from its error alone)
 * and the engine that asks again in the browser (./use-item-recovery, ./item-recovery-engine).
 */
import { firstRecoveryDelayMs } from "@/lib/items/item-query";

/** Where automatic recovery stands; a countdown is computed from `retryAt`. */
export type RecoveryStatus = {
  /** A request for the item is in flight or waiting for its retry delay. */
  fetching: boolean;
  /** When the next automatic attempt starts (browser clock), if one is scheduled. */
  retryAt: number | null;
  /** "scheduled": an automatic retry will happen; "stopped": they ran out; "none": never for this error. */
  auto: "scheduled" | "stopped" | "none";
};

/**
 * The status after `error` (the last failure, the server's until the browser has tried), with
 * the browser's own attempts `started` or not yet (it waits out a first delay).
 */
export function recoveryStatus(
  error: unknown,
  { fetching, started, retryAt }: { fetching: boolean; started: boolean; retryAt: number | null },
): RecoveryStatus {
  return {
    fetching,
    retryAt,
    auto: firstRecoveryDelayMs(error) === null ? "none" : fetching || !started ? "scheduled" : "stopped",
  };
}

/** What automatic recovery is doing at `now`: counting down, requesting, given up, or nothing. */
export function recoveryPhase(status: RecoveryStatus, now: number) {
  const secondsLeft = status.retryAt !== null ? Math.ceil((status.retryAt - now) / 1000) : 0;
  if (secondsLeft > 0 && status.auto !== "none") return { kind: "countdown" as const, secondsLeft };
  if (status.fetching) return { kind: "requesting" as const };
  if (status.auto === "scheduled") return { kind: "soon" as const };
  if (status.auto === "stopped") return { kind: "stopped" as const };
  return { kind: "idle" as const };
}

export type RecoveryPhase = ReturnType<typeof recoveryPhase>;

/**
 * What an error page opens on, from the server's error alone (before the browser's first own
 * attempt): retrying shortly, unless retrying cannot help.
 */
export function firstRecoveryPhase(error: unknown): RecoveryPhase {
  return recoveryPhase(recoveryStatus(error, { fetching: false, started: false, retryAt: null }), 0);
}
