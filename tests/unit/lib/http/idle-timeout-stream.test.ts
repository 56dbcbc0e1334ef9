import { describe, expect, it } from "vitest";
import { StreamIdleError, withIdleTimeout } from "@/lib/http/idle-timeout-stream";

/** Timers that fire only when the test says so. */
function manualTimers() {
  const armed = new Map<number, () => void>();
  let next = 0;
  return {
    setTimer: (fn: () => void) => {
      armed.set(++next, fn);
      return next;
    },
    clearTimer: (handle: unknown) => void armed.delete(handle as number),
    fireAll() {
      for (const [handle, fn] of [...armed]) {
        armed.delete(handle);
        fn();
      }
    },
    get count() {
      return armed.size;
    },
  };
}

/** A source that sends what the test pushes, and records being cancelled. */
function source() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
    cancel() {
      cancelled = true;
    },
  });
  return {
    stream,
    push: (bytes: number) => controller.enqueue(new Uint8Array(bytes)),
    cancelled: () => cancelled,
  };
}

describe("withIdleTimeout", () => {
  it("fails the stream and aborts the source when it stalls while the consumer waits", async () => {
    const timers = manualTimers();
    const upstream = source();
    let idle = 0;
    let ended = 0;
    const stream = withIdleTimeout(upstream.stream, {
      idleMs: 10_000,
      onIdle: () => idle++,
      onEnd: () => ended++,
      ...timers,
    });
    const reader = stream.getReader();
    upstream.push(100);
    expect((await reader.read()).value?.byteLength).toBe(100);
    const pending = reader.read();
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers.count).toBe(1);
    timers.fireAll();
    await expect(pending).rejects.toBeInstanceOf(StreamIdleError);
    expect(idle).toBe(1);
    expect(ended).toBe(1);
    expect(upstream.cancelled()).toBe(true);
  });

  it("runs no timer while the consumer is not reading (a paused player)", async () => {
    const timers = manualTimers();
    const upstream = source();
    const stream = withIdleTimeout(upstream.stream, { idleMs: 10_000, onIdle: () => undefined, ...timers });
    await new Promise((resolve) => setImmediate(resolve));
    expect(timers.count).toBe(0);
    const reader = stream.getReader();
    upstream.push(10);
    await reader.read();
    expect(timers.count).toBe(0);
    await reader.cancel();
    expect(upstream.cancelled()).toBe(true);
  });
});
