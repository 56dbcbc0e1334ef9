import { Suspense, type ReactNode } from "react";

/**
 * A part of the page that hydrates in its own slice of work. React hydrates a Suspense
 * boundary that arrived with its server HTML at a lower priority and in time slices, after the
 * rest of the page, instead of inside one long task with everything else; its HTML is on screen
 * the whole time, and a click inside it hydrates it first. Nothing inside may suspend on the
 * server: a fallback that streamed would hold the content back (React's reveal throttle).
 */
export function HydrationSlice({ children }: { children: ReactNode }) {
  return <Suspense fallback={null}>{children}</Suspense>;
}
