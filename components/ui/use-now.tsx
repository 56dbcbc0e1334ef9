"use client";

/**
 * A shared clock for relative times and countdowns. It reads the server's render time during
 * server rendering and hydration (so the HTML matches), then the browser's clock, ticking only
 * while something on the page listens.
 */
import {
  createContext,
  startTransition,
  useContext,
  useEffect,
  useState,
  useSyncExternalStore,
  type ReactNode,
} from "react";

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

const noopSubscribe = () => () => {};

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

/**
 * Milliseconds since the epoch, refreshed every `intervalMs`; `serverNow` until hydration is
 * done. The browser's clock joins only after hydration, so hydration never finds it differing
 * from the server's (which React would fix with an urgent re-render inside hydration's commit).
 */
export function useNow(serverNow: number, intervalMs = 15_000): number {
  const hydrated = useIsHydrated();
  const { subscribe, getSnapshot } = clockAccess(intervalMs);
  return useSyncExternalStore(
    hydrated ? subscribe : noopSubscribe,
    hydrated ? getSnapshot : () => serverNow,
    () => serverNow,
  );
}

/**
 * The server's clock when it rendered the page, for the components that show times relative
 * to now. Each of them reads the clock itself (useRenderedNow), so when the browser's clock
 * replaces the server's right after hydration, or ticks, only those few leaves re-render, not
 * the whole page from its top (which on a long call was one long task).
 */
const ServerRenderTime = createContext(0);

export function ServerRenderTimeProvider({
  renderedAt,
  children,
}: {
  renderedAt: number;
  children: ReactNode;
}) {
  return <ServerRenderTime.Provider value={renderedAt}>{children}</ServerRenderTime.Provider>;
}

/**
 * The server's render time itself, which never changes: for decisions made once per page load
 * (whether a summary may still arrive), so the component does not re-render when the browser's
 * clock takes over after hydration.
 */
export function useServerRenderTime(): number {
  return useContext(ServerRenderTime);
}

/** useNow, with the server's render time taken from ServerRenderTimeProvider. */
export function useRenderedNow(intervalMs?: number): number {
  return useNow(useContext(ServerRenderTime), intervalMs);
}

/**
 * False during server rendering and hydration, true afterwards: for output that depends on the
 * browser. It turns true in a transition after hydration's effects, rendered in slices, rather
 * than in an urgent re-render that React would otherwise run inside hydration's commit.
 */
export function useIsHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => startTransition(() => setHydrated(true)), []);
  return hydrated;
}
