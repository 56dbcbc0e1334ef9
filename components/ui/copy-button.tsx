"use client";

import { useEffect, useState } from "react";
import { CheckIcon, CopyIcon } from "./icons";

type CopyState = "idle" | "copied" | "failed";

/** Copies with the async Clipboard API, falling back to a hidden textarea where it is missing. */
async function copyText(value: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(value);
      return true;
    }
  } catch {
    // Permission denied or an insecure context: try the legacy path below.
  }
  try {
    const area = document.createElement("textarea");
    area.value = value;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    area.remove();
    return ok;
  } catch {
    return false;
  }
}

/**
 * An icon button that copies `value`. "Copied" appears as a small bubble above the button,
 * so nothing around it moves, and is announced through a polite live region.
 */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  const message = state === "copied" ? "Copied" : state === "failed" ? "Couldn't copy" : "";

  return (
    <span className="relative inline-flex align-middle">
      <button
        type="button"
        aria-label={label}
        title={label}
        onClick={async () => setState((await copyText(value)) ? "copied" : "failed")}
        className="inline-flex size-7 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 sm:size-6 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
      >
        {state === "copied" ? (
          <CheckIcon className="size-4 text-green-700 dark:text-green-400" />
        ) : (
          <CopyIcon className="size-4" />
        )}
      </button>
      <span
        role="status"
        className={`pointer-events-none absolute bottom-full left-1/2 z-10 mb-1 -translate-x-1/2 rounded bg-zinc-900 px-1.5 py-0.5 text-xs whitespace-nowrap text-white dark:bg-zinc-100 dark:text-zinc-900 ${message ? "" : "sr-only"}`}
      >
        {message}
      </span>
    </span>
  );
}
