/**
 * The audit trail of changes agents make through the dashboard (today: tags). One JSON line
 * per change attempt, through pino like every other log: who, which item, what, and how it
 * ended. Who is the signed-in email when there is one (the session's, or the SSO proxy's
 * trusted header), else the opaque user key, else "anonymous" (demo, or a proxy that names
 * nobody). Never a token, a cookie or the Allo key.
 */
import "server-only";
import { accessPolicy, proxyUserEmail, sessionCookieFrom, verifySession } from "./auth/session-check.server";
import { resolveAuthEnv } from "./auth/auth-env.server";
import { logger } from "./logger.server";
import { userKeyFor } from "./user-key.server";

export type AuditActor = { actor: string; actorKind: "email" | "user-key" | "anonymous" };

/** Who makes this request, for the audit line. */
export async function auditActor(request: Request): Promise<AuditActor> {
  const env = resolveAuthEnv();
  let email: string | null = null;
  if (env.mode === "oidc") {
    email = (await verifySession(sessionCookieFrom(request.headers, env), env))?.email ?? null;
  } else if (accessPolicy(env) === "proxy" && env.mode === "none" && env.reason === "explicit" && env.proxy) {
    email = proxyUserEmail(request.headers, env.proxy);
  }
  if (email) return { actor: email, actorKind: "email" };
  const key = await userKeyFor(request);
  return key ? { actor: key, actorKind: "user-key" } : { actor: "anonymous", actorKind: "anonymous" };
}

export type TagAuditEntry = AuditActor & {
  requestId: string;
  itemId: string;
  tag: string;
  action: "add" | "remove";
  /** `changed`: done; `already`: it already was so; `refused`: not allowed or invalid; `failed`: Allo did not do it (or may not have). */
  outcome: "changed" | "already" | "refused" | "failed";
  errorCode?: string;
  upstreamStatus?: number | null;
};

export function auditTagChange(entry: TagAuditEntry): void {
  // Fields, not interpolated text: a tag or email cannot forge another line (pino escapes JSON).
  logger().info({ audit: "tag", ...entry, tag: entry.tag.slice(0, 100) }, "tag change");
}
