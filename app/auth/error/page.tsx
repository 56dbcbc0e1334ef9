/**
 * Shown when a sign-in could not be completed: the provider was unreachable, the attempt
 * expired, was cancelled, or its answer failed verification. Details go to the server log only.
 */
import type { Metadata } from "next";
import { connection } from "next/server";
import { signInPath } from "@/lib/auth/return-to";
import { AuthPanel } from "../_components/auth-panel";
import { buttonClass } from "@/components/ui/button-styles";

export const metadata: Metadata = { title: "Sign-in failed" };

const EXPLANATIONS: Record<string, string> = {
  unreachable: "Callview could not reach your sign-in service. It may be down for a moment.",
  expired: "The sign-in took too long, or was started in another browser or tab.",
  cancelled: "The sign-in was cancelled at your sign-in service.",
  "provider-error": "Your sign-in service refused the request.",
  failed: "Callview could not verify the answer from your sign-in service.",
};

export default async function SignInErrorPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Rendered per request so Next.js can put this request's CSP nonce on its scripts.
  await connection();
  const params = await searchParams;
  const reason = typeof params.reason === "string" ? params.reason : "failed";
  const returnTo = typeof params.returnTo === "string" ? params.returnTo : null;

  return (
    <AuthPanel
      title="Sign-in failed — try again"
      actions={
        <a href={signInPath(returnTo)} className={buttonClass("primary")}>
          Try again
        </a>
      }
    >
      <p>{EXPLANATIONS[reason] ?? EXPLANATIONS.failed}</p>
      <p>If it keeps failing, tell whoever runs Callview for your team.</p>
    </AuthPanel>
  );
}
