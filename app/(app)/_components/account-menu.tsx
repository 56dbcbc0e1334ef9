/**
 * Who is signed in, and "Sign out", for the page header: the viewer the layout's access check
 * returned. With AUTH_MODE=none and the SSO proxy's secret, the address the proxy named (its
 * identity header is believed only with the secret); sign-out is then the proxy's business.
 * Renders nothing when nobody can be named (demo, AUTH_MODE=none without the proxy's secret).
 */
import { buttonClass } from "@/components/ui/button-styles";
import type { Viewer } from "@/lib/server/auth/session.server";

export function AccountMenu({ viewer }: { viewer: Viewer }) {
  if (viewer.kind === "anonymous") return null;
  if (viewer.kind === "proxy") {
    if (!viewer.email) return null;
    return (
      <div className="ml-auto flex min-w-0 items-center gap-2 text-xs">
        <span className="truncate text-zinc-700 dark:text-zinc-300" dir="auto">
          <span className="sr-only">Signed in (through your sign-in proxy) as </span>
          {viewer.email}
        </span>
      </div>
    );
  }
  const user = viewer;
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
