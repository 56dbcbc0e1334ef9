"use client";

/**
 * Page-wide player shortcuts: Space/K play-pause, J/← back, L/→ forward.
 *
 * They stay out of the way of everything else on the page: nothing fires while typing in a
 * field or with a modifier held (browser and OS shortcuts), and Space is left to the focused
 * button, link or disclosure it would activate.
 */
import { useEffect } from "react";
import { SKIP_SECONDS } from "./skip-seconds";

export type MediaShortcutActions = { togglePlay: () => void; skip: (deltaSeconds: number) => void };

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']") !== null;
}

/** Elements where Space already means "activate" (or, for a slider, "do nothing"). */
function spaceBelongsToTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.closest(
      "button, a[href], summary, [role='button'], [role='slider'], [role='checkbox'], [role='switch'], [role='menuitem'], [role='tab'], [role='option']",
    ) !== null
  );
}

/** Which action a key press maps to, or null to let the browser have it. */
function shortcutFor(
  event: Pick<
    KeyboardEvent,
    "key" | "altKey" | "ctrlKey" | "metaKey" | "shiftKey" | "target" | "defaultPrevented"
  >,
): "toggle" | "back" | "forward" | null {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return null;
  if (isTypingTarget(event.target)) return null;
  switch (event.key) {
    case " ":
      return spaceBelongsToTarget(event.target) ? null : "toggle";
    case "k":
    case "K":
      return "toggle";
    case "j":
    case "J":
    case "ArrowLeft":
      return "back";
    case "l":
    case "L":
    case "ArrowRight":
      return "forward";
    default:
      return null;
  }
}

export function useMediaShortcuts(actions: MediaShortcutActions, enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = shortcutFor(event);
      if (!shortcut) return;
      event.preventDefault();
      // Holding Space would otherwise flip play/pause many times a second.
      if (shortcut === "toggle") {
        if (!event.repeat) actions.togglePlay();
      } else {
        actions.skip(shortcut === "back" ? -SKIP_SECONDS : SKIP_SECONDS);
      }
    };
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [actions, enabled]);
}
