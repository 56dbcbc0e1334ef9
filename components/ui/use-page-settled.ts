"use client";

/**
 * Whether the page has got through its first moments: hydration, its commit and effects, and
 * an idle moment of the main thread after them. Secondary data (earlier conversations, what the
 * key may change) waits for it, so starting those requests is not more work in the long task
 * that ends hydration on a phone; the components flip in one transition, rendered in slices.
 */
import { startTransition, useEffect, useState } from "react";

/** Starts anyway after this long, on a main thread that never idles. */
const IDLE_TIMEOUT_MS = 1_500;

let settled = false;
let scheduled = false;
const waiting = new Set<() => void>();

function settle() {
  settled = true;
  startTransition(() => {
    for (const flip of waiting) flip();
  });
  waiting.clear();
}

function whenSettled(flip: () => void): () => void {
  if (settled) {
    flip();
    return () => {};
  }
  waiting.add(flip);
  if (!scheduled) {
    scheduled = true;
    if (typeof requestIdleCallback === "function") requestIdleCallback(settle, { timeout: IDLE_TIMEOUT_MS });
    else setTimeout(settle, 200);
  }
  return () => void waiting.delete(flip);
}

export function usePageSettled(): boolean {
  const [isSettled, setSettled] = useState(false);
  useEffect(() => whenSettled(() => setSettled(true)), []);
  return isSettled;
}
