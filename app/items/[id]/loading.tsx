import { ItemSkeleton } from "@/components/states/item-skeleton";
import { AccountMenu } from "@/components/ui/account-menu";
import { AppShell } from "@/components/ui/app-shell";
import { serverEnv } from "@/lib/server/env.server";

/** Shown while the server asks Allo for the item: the page's own shape, so nothing jumps. */
export default function ItemLoading() {
  return (
    <AppShell demoMode={serverEnv().demoMode} account={<AccountMenu />}>
      <ItemSkeleton />
    </AppShell>
  );
}
