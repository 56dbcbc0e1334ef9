/**
 * Passes a byte stream through, but gives up when the source sends nothing for `idleMs` while
 * the consumer is waiting for more. Only a stalled *source* trips it: a consumer that stops
 * reading (a paused player, back-pressure) pulls nothing, so no timer runs meanwhile.
 */
export type IdleTimeoutOptions = {
  idleMs: number;
  /** The source stalled: abort whatever feeds it (the upstream fetch). */
  onIdle: () => void;
  /** Called once, however the stream ends: done, failed, stalled or cancelled by the consumer. */
  onEnd?: () => void;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
};

export class StreamIdleError extends Error {
  constructor(idleMs: number) {
    super(`The source sent nothing for ${idleMs} ms.`);
    this.name = "StreamIdleError";
  }
}

export function withIdleTimeout(
  source: ReadableStream<Uint8Array>,
  options: IdleTimeoutOptions,
): ReadableStream<Uint8Array> {
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer =
    options.clearTimer ?? ((handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>));
  const reader = source.getReader();
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    options.onEnd?.();
  };

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let timer: unknown;
        const idle = new Promise<"idle">((resolve) => {
          timer = setTimer(() => resolve("idle"), options.idleMs);
        });
        try {
          const next = await Promise.race([reader.read(), idle]);
          if (next === "idle") {
            options.onIdle();
            void reader.cancel().catch(() => undefined);
            end();
            controller.error(new StreamIdleError(options.idleMs));
            return;
          }
          if (next.done) {
            end();
            controller.close();
            return;
          }
          controller.enqueue(next.value);
        } catch (error) {
          end();
          controller.error(error);
        } finally {
          clearTimer(timer);
        }
      },
      cancel(reason) {
        end();
        return reader.cancel(reason);
      },
    },
    // Nothing is read ahead of the consumer: a timer runs only while someone waits for bytes.
    { highWaterMark: 0 },
  );
}
