/**
 * Fail-closed operator page. With a real ALLO_API_KEY and no sign-in configured, the proxy
 * shows this page for every page URL (and 503 AUTH_NOT_CONFIGURED for /api), so no call data
 * is ever served by an unprotected dashboard.
 */
import type { Metadata } from "next";
import { connection } from "next/server";
import { redirect } from "next/navigation";
import { AuthPanel } from "@/app/auth/_components/auth-panel";
import { resolveAuthEnv } from "@/lib/server/auth/auth-env.server";
import { SETUP_REQUIRED_MESSAGE } from "@/lib/api/standard-errors";
import { accessPolicy } from "@/lib/server/auth/session-check.server";

export const metadata: Metadata = { title: "Sign-in is not configured" };

const codeClass =
  "rounded bg-zinc-100 px-1 py-0.5 font-mono text-[0.8125rem] text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200";

export default async function SetupRequiredPage() {
  await connection();
  const env = resolveAuthEnv();
  // Once sign-in is configured this page has nothing to say.
  if (accessPolicy(env) !== "closed") redirect("/");

  return (
    <AuthPanel title="Sign-in is not configured" wide>
      {/* The heading already says "Sign-in is not configured"; the paragraph carries the rest of the message. */}
      <p>{SETUP_REQUIRED_MESSAGE.replace(/^Sign-in is not configured: set/, "Set")}</p>
      {env.mode === "misconfigured" ? (
        <p
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          {env.problem}
        </p>
      ) : null}
      <p>
        This dashboard holds an Allo API key that can read every call and message of the team, so it serves no
        data until people have to sign in. For sign-in with your identity provider (Google Workspace, Okta,
        Entra ID, Auth0, Keycloak…), set:
      </p>
      <pre className="rounded-md bg-zinc-100 p-2.5 font-mono text-[11px] leading-5 break-words whitespace-pre-wrap sm:p-3 sm:text-xs text-zinc-800 dark:bg-zinc-950 dark:text-zinc-200">
        {[
          "OIDC_ISSUER=https://accounts.google.com",
          "OIDC_CLIENT_ID=…",
          "OIDC_CLIENT_SECRET=…",
          "AUTH_SECRET=<32+ random characters>",
          "AUTH_URL=https://callview.example.com",
          "AUTH_ALLOWED_EMAIL_DOMAINS=example.com",
        ].join("\n")}
      </pre>
      <p>
        Register <code className={codeClass}>{"<AUTH_URL>/auth/callback"}</code> as the redirect URI. If a
        single-sign-on proxy already protects this dashboard, set{" "}
        <code className={codeClass}>AUTH_MODE=none</code> instead.
      </p>
    </AuthPanel>
  );
}
