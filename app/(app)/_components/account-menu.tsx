/**
 * Who is signed in, and "Sign out", for the page header. Server-only: it reads the session
 * cookie. Renders nothing when this dashboard does not manage sign-in (demo, AUTH_MODE=none).
 */
import { buttonClass } from "@/components/ui/button-styles";
import { getSessionUser, signInEnabled } from "@/lib/server/auth/session.server";

export async function AccountMenu() {
  if (!signInEnabled()) return null;
  const user = await getSessionUser();
  if (!user) return null;
  const label = user.name ?? user.email ?? "Signed in";
  return (
    <div className="ml-auto flex min-w-0 items-center gap-2 text-xs">
      <span className="truncate text-zinc-700 dark:text-zinc-300" title={user.email ?? undefined} dir="auto">
        <span className="sr-only">Signed in as </span>
        {label}
      </span>
      <form method="post" action="/auth/sign-out">
        <button type="submit" className={buttonClass("secondary", "compact")}>
          Sign out
        </button>
      </form>
    </div>
  );
}
