import { lazy, type ComponentType } from "react";

/**
 * React.lazy for code loaded after the page (a chunk on demand): if the load fails (offline, or
 * a deploy removed the chunk), `Fallback` renders in its place, instead of the failure reaching
 * the segment's error boundary and replacing the whole page.
 */
export function lazyOr<Props extends object>(
  load: () => Promise<{ default: ComponentType<Props> }>,
  Fallback: ComponentType<Props>,
) {
  return lazy(() => load().catch(() => ({ default: Fallback })));
}
