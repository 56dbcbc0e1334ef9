import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";
import { PRIMARY_BUTTON, StatePanel } from "@/components/states/state-panel";
import { AccountMenu } from "@/components/ui/account-menu";
import { AppShell } from "@/components/ui/app-shell";
import { serverEnv } from "@/lib/server/env.server";

export const metadata: Metadata = { title: "Page not found" };

/** Any address that is not a Callview page. */
export default async function NotFound() {
  // Rendered per request, not at build time: the demo banner depends on the runtime config.
  await connection();
  return (
    <AppShell demoMode={serverEnv().demoMode} account={<AccountMenu />}>
      <StatePanel
        title="There's no page at this address"
        tone="info"
        actions={
          <Link href="/" className={PRIMARY_BUTTON}>
            Go to Callview home
          </Link>
        }
      >
        <p>
          Callview pages are <code className="font-mono">/items/cll-…</code> for calls and{" "}
          <code className="font-mono">/items/msg-…</code> for text messages. Check the link, or paste it on
          the home page.
        </p>
      </StatePanel>
    </AppShell>
  );
}
