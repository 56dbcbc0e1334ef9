"use client";

/**
 * A shared clock for relative times and countdowns. It reads the server's render time during
 * server rendering and hydration (so the HTML matches), then the browser's clock, ticking only
 * while something on the page listens.
 */
import { useSyncExternalStore } from "react";

type Clock = { now: number; listeners: Set<() => void>; timer: ReturnType<typeof setInterval> | null };

const clocks = new Map<number, Clock>();

function clockFor(intervalMs: number): Clock {
  let clock = clocks.get(intervalMs);
  if (!clock) {
    clock = { now: 0, listeners: new Set(), timer: null };
    clocks.set(intervalMs, clock);
  }
  return clock;
}

function subscribeTo(intervalMs: number) {
  return (listener: () => void) => {
    const clock = clockFor(intervalMs);
    clock.listeners.add(listener);
    if (clock.timer === null) {
      // Nobody was listening, so the stored time may be stale: refresh before the first tick.
      clock.now = Date.now();
      clock.timer = setInterval(() => {
        clock.now = Date.now();
        for (const notify of clock.listeners) notify();
      }, intervalMs);
    }
    return () => {
      clock.listeners.delete(listener);
      if (clock.listeners.size === 0 && clock.timer !== null) {
        clearInterval(clock.timer);
        clock.timer = null;
      }
    };
  };
}

type ClockAccess = { subscribe: (listener: () => void) => () => void; getSnapshot: () => number };

const accessors = new Map<number, ClockAccess>();

/** Stable subscribe/getSnapshot pair per interval, as useSyncExternalStore expects. */
function clockAccess(intervalMs: number): ClockAccess {
  let access = accessors.get(intervalMs);
  if (!access) {
    access = {
      subscribe: subscribeTo(intervalMs),
      getSnapshot: () => {
        const clock = clockFor(intervalMs);
        if (clock.now === 0) clock.now = Date.now();
        return clock.now;
      },
    };
    accessors.set(intervalMs, access);
  }
  return access;
}

/** Milliseconds since the epoch, refreshed every `intervalMs`; `serverNow` until hydration is done. */
export function useNow(serverNow: number, intervalMs = 15_000): number {
  const { subscribe, getSnapshot } = clockAccess(intervalMs);
  return useSyncExternalStore(subscribe, getSnapshot, () => serverNow);
}

const noopSubscribe = () => () => {};

/** False during server rendering and hydration, true afterwards: for output that depends on the browser. */
export function useIsHydrated(): boolean {
  return useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
}
