/**
 * The provider signed the person in, but the allow-list (AUTH_ALLOWED_EMAIL_DOMAINS /
 * AUTH_ALLOWED_EMAILS) does not include them. No session was created.
 */
import type { Metadata } from "next";
import type { ReactNode } from "react";
import { cookies } from "next/headers";
import { connection } from "next/server";
import { signInPath } from "@/lib/auth/return-to";
import { resolveAuthEnv } from "@/lib/server/auth/auth-env.server";
import { ACCESS_DENIED_COOKIE } from "@/lib/server/auth/auth-http.server";
import { unseal } from "@/lib/server/auth/session-token";
import { AuthPanel } from "../_components/auth-panel";
import { buttonClass } from "@/components/ui/button-styles";

export const metadata: Metadata = { title: "Access denied" };

type Refusal = { email: string | null; reason: string | null };

/** The refused account, from the short-lived sealed cookie the callback set (never from the URL, which anyone can craft). */
async function readRefusal(): Promise<Refusal> {
  const env = resolveAuthEnv();
  const sealed = (await cookies()).get(ACCESS_DENIED_COOKIE)?.value;
  if (env.mode !== "oidc" || !sealed) return { email: null, reason: null };
  const payload = await unseal("access-denied", sealed, env.secret);
  return {
    email: typeof payload?.email === "string" ? payload.email : null,
    reason: typeof payload?.reason === "string" ? payload.reason : null,
  };
}

function RefusalExplanation({ reason, account }: { reason: string | null; account: ReactNode }) {
  switch (reason) {
    case "no-email":
      return (
        <p>
          Your sign-in service did not share an email address, so Callview cannot check that you are allowed
          in.
        </p>
      );
    case "unsupported-email":
      return <p>Callview accepts only plain (ASCII) email addresses, and {account} is not one.</p>;
    case "email-not-verified":
      return <p>Your sign-in service says the email address {account} is not verified.</p>;
    case "email-verification-unknown":
      return <p>Your sign-in service did not say whether the email address {account} is verified.</p>;
    case "not-hosted-domain":
      return <p>{account} is not an account of your organisation&rsquo;s Google Workspace.</p>;
    default:
      return <p>{account} is not allowed to use this Callview.</p>;
  }
}

export default async function AccessDeniedPage() {
  await connection();
  const { email, reason } = await readRefusal();
  const account = email ? (
    <strong className="font-medium text-zinc-900 dark:text-zinc-100">{email}</strong>
  ) : (
    "This account"
  );

  return (
    <AuthPanel
      title="Access denied"
      actions={
        <a href={signInPath(null, { switchAccount: true })} className={buttonClass("primary")}>
          Sign in with a different account
        </a>
      }
    >
      <RefusalExplanation reason={reason} account={account} />
      <p>
        Ask whoever runs Callview for your team to add your email address or domain, or sign in with your work
        account.
      </p>
    </AuthPanel>
  );
}
