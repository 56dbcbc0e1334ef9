/** After sign-out (and after the provider's own sign-out, which redirects back here). */
import type { Metadata } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import { resolveAuthEnv } from "@/lib/server/auth/auth-env.server";
import { loopbackOrigin } from "@/lib/server/auth/auth-http.server";
import { providerSignOutUrl } from "@/lib/server/auth/oidc.server";
import { AuthPanel } from "../_components/auth-panel";
import { buttonClass } from "@/components/ui/button-styles";

export const metadata: Metadata = { title: "Signed out" };

export default async function SignedOutPage() {
  await connection();
  const env = resolveAuthEnv();
  // AUTH_URL, or on loopback the Host the browser used: never X-Forwarded-* (anyone can send them).
  const origin = env.mode === "oidc" ? (env.publicOrigin ?? loopbackOrigin(await headers())) : null;
  // Signing out of the provider too (e.g. on a shared computer) is offered, not forced: for
  // Google Workspace it would also sign the agent out of mail and calendar.
  const providerUrl = env.mode === "oidc" && origin ? await providerSignOutUrl(env, origin) : null;

  return (
    <AuthPanel
      title="You're signed out"
      actions={
        <>
          <a href="/auth/sign-in" className={buttonClass("primary")}>
            Sign in again
          </a>
          {providerUrl ? (
            <a href={providerUrl.href} className={buttonClass("secondary")}>
              Also sign out of {providerUrl.host}
            </a>
          ) : null}
        </>
      }
    >
      <p>Callview no longer has a session in this browser.</p>
    </AuthPanel>
  );
}
