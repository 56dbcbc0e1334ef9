import type { Metadata } from "next";
import { NotFoundForRoute } from "@/components/states/not-found-for-route";
import { AccountMenu } from "@/components/ui/account-menu";
import { AppShell } from "@/components/ui/app-shell";
import { serverEnv } from "@/lib/server/env.server";

export const metadata: Metadata = { title: "Not found" };

/** Allo answered 404 for a well-formed id. */
export default function ItemNotFound() {
  return (
    <AppShell demoMode={serverEnv().demoMode} account={<AccountMenu />}>
      <NotFoundForRoute />
    </AppShell>
  );
}
