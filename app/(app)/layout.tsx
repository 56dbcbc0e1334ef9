/**
 * The shell of every dashboard page (home, items, not found): top bar with the demo banner and
 * the account menu, the main landmark, and the React Query provider. The auth and setup pages
 * live outside this group, so they get neither the shell nor the query provider.
 */
import { connection } from "next/server";
import type { ReactNode } from "react";
import { QueryProvider } from "@/components/providers/query-provider";
import { AccountMenu } from "./_components/account-menu";
import { AppShell } from "@/components/ui/app-shell";
import { requirePageViewer } from "@/lib/server/auth/session.server";
import { serverEnv } from "@/lib/server/env.server";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  // Rendered per request, never at build time: the demo banner depends on the runtime configuration.
  await connection();
  // The shell checks access too; each page checks again (layouts do not re-run on navigation).
  const viewer = await requirePageViewer();
  return (
    <AppShell demoMode={serverEnv().demoMode} account={<AccountMenu viewer={viewer} />}>
      <QueryProvider>{children}</QueryProvider>
    </AppShell>
  );
}
