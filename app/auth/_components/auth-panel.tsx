/**
 * The small centred card used by the sign-in, sign-out, access-denied and setup pages: no
 * item data, just the wordmark, one heading, a few sentences and one or two actions.
 */
import type { ReactNode } from "react";

export function AuthPanel({
  title,
  children,
  actions,
  wide = false,
}: {
  title: ReactNode;
  children: ReactNode;
  actions?: ReactNode;
  /** The operator page shows configuration and needs more room than the agent-facing pages. */
  wide?: boolean;
}) {
  return (
    <main className="flex min-h-dvh items-start justify-center px-4 py-10 sm:items-center">
      <div className={`w-full ${wide ? "max-w-xl" : "max-w-sm"}`}>
        <p className="mb-4 flex items-center gap-2 text-sm font-semibold text-zinc-700 dark:text-zinc-300">
          <svg
            viewBox="0 0 20 20"
            className="size-5 text-blue-600 dark:text-blue-400"
            aria-hidden="true"
            focusable="false"
          >
            <path
              fill="currentColor"
              d="M6.6 2.8a1.5 1.5 0 0 1 1.7.9l1 2.5a1.5 1.5 0 0 1-.4 1.7L7.6 9a9 9 0 0 0 3.4 3.4l1.1-1.3a1.5 1.5 0 0 1 1.7-.4l2.5 1a1.5 1.5 0 0 1 .9 1.7l-.4 2A1.8 1.8 0 0 1 15 17C8.4 17 3 11.6 3 5a1.8 1.8 0 0 1 1.5-1.8Z"
            />
          </svg>
          Callview
        </p>
        <section
          aria-labelledby="auth-panel-title"
          className="rounded-lg border border-zinc-200 bg-white p-4 shadow-xs sm:p-5 dark:border-zinc-800 dark:bg-zinc-900"
        >
          <h1 id="auth-panel-title" className="text-lg font-semibold text-zinc-900 dark:text-zinc-50">
            {title}
          </h1>
          <div className="mt-2 space-y-3 text-sm leading-6 text-zinc-600 dark:text-zinc-400">{children}</div>
          {actions ? <div className="mt-5 flex flex-wrap items-center gap-2">{actions}</div> : null}
        </section>
      </div>
    </main>
  );
}
