import type { ReactNode } from "react";
import { DemoBanner } from "@/components/states/demo-banner";

/**
 * Top bar and main landmark shared by every page (the root layout is owned elsewhere and
 * does not know about demo mode, so each page passes `demoMode` in).
 */
export function AppShell({
  demoMode,
  account,
  children,
}: {
  demoMode: boolean;
  /** The signed-in user and "Sign out" (components/ui/account-menu.tsx), from server pages. */
  account?: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        {demoMode ? <DemoBanner /> : null}
        <div className="mx-auto flex h-11 max-w-6xl items-center gap-3 px-3 sm:px-4">
          <a
            href="/"
            className="inline-flex items-center gap-2 rounded-sm text-sm font-semibold text-zinc-900 dark:text-zinc-100"
          >
            <span
              aria-hidden="true"
              className="inline-block size-2.5 rounded-full bg-blue-600 dark:bg-blue-400"
            />
            Callview
          </a>
          <span className="hidden truncate text-xs text-zinc-600 sm:inline dark:text-zinc-400">
            Allo calls and messages
          </span>
          <nav aria-label="Callview" className="flex items-center">
            <a
              href="/notifications"
              className="rounded-md px-2 py-1 text-sm text-zinc-700 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-300 dark:hover:bg-zinc-800 dark:hover:text-zinc-50"
            >
              Notifications
            </a>
          </nav>
          {account}
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl px-3 py-3 sm:px-4 sm:py-5">
        {children}
      </main>
    </>
  );
}
