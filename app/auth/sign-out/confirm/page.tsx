/** GET-safe sign-out: this page only asks; the button POSTs to /auth/sign-out. */
import type { Metadata } from "next";
import { connection } from "next/server";
import { getSessionUser } from "@/lib/server/auth/session.server";
import { AuthPanel } from "../../_components/auth-panel";
import { buttonClass } from "@/components/ui/button-styles";

export const metadata: Metadata = { title: "Sign out" };

export default async function SignOutConfirmPage() {
  await connection();
  const user = await getSessionUser();

  if (!user) {
    return (
      <AuthPanel
        title="You're not signed in"
        actions={
          <a href="/auth/sign-in" className={buttonClass("primary")}>
            Sign in
          </a>
        }
      >
        <p>There is no Callview session in this browser.</p>
      </AuthPanel>
    );
  }

  const who =
    user.name && user.email
      ? `${user.name} (${user.email})`
      : (user.name ?? user.email ?? "an unnamed account");
  return (
    <AuthPanel
      title="Sign out of Callview?"
      actions={
        <>
          <form method="post" action="/auth/sign-out">
            <button type="submit" className={buttonClass("primary")}>
              Sign out
            </button>
          </form>
          <a href="/" className={buttonClass("secondary")}>
            Cancel
          </a>
        </>
      }
    >
      <p>
        You&rsquo;re signed in as{" "}
        <strong className="font-medium text-zinc-900 dark:text-zinc-100">{who}</strong>.
      </p>
    </AuthPanel>
  );
}
