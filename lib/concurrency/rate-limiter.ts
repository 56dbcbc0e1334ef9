/**
 * A sliding-window limiter: at most `limit` starts in any rolling window of `windowMs`.
 * Unlike a token bucket it can never let 2× the limit through across a window boundary, so
 * the dashboard stays under Allo's documented 20 reads/second however Allo aligns its windows.
 * Callers queue (FIFO) until a slot frees up or their deadline passes.
 */
export type Limiter = {
  /** Resolves true when the caller may start, false if no slot frees up before `deadlineAt`. */
  acquire(deadlineAt: number, signal?: AbortSignal): Promise<boolean>;
  readonly pending: number;
};

export function createSlidingWindowLimiter(options: {
  limit: number;
  windowMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
}): Limiter {
  const windowMs = options.windowMs ?? 1000;
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  /** Start times of the most recent `limit` grants, oldest first. */
  const starts: number[] = [];
  const queue: { deadlineAt: number; resolve: (ok: boolean) => void; signal?: AbortSignal }[] = [];
  let timerArmed = false;

  function drain() {
    timerArmed = false;
    const t = now();
    while (queue.length > 0) {
      const head = queue[0]!;
      if (head.signal?.aborted || head.deadlineAt <= t) {
        queue.shift();
        head.resolve(false);
        continue;
      }
      while (starts.length > 0 && starts[0]! <= t - windowMs) starts.shift();
      if (starts.length < options.limit) {
        starts.push(t);
        queue.shift();
        head.resolve(true);
        continue;
      }
      // Wake when the oldest grant leaves the window (or the head's deadline passes).
      const wakeAt = Math.min(starts[0]! + windowMs, head.deadlineAt);
      timerArmed = true;
      setTimer(drain, Math.max(1, wakeAt - t));
      return;
    }
  }

  return {
    acquire(deadlineAt, signal) {
      return new Promise<boolean>((resolve) => {
        queue.push({ deadlineAt, resolve, signal });
        if (!timerArmed) drain();
      });
    },
    get pending() {
      return queue.length;
    },
  };
}
