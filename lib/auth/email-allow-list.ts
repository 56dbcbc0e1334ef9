/**
 * Who may use the dashboard once the identity provider has vouched for them. Identity
 * providers such as Google accept any account by default, so operators narrow access with
 * `AUTH_ALLOWED_EMAIL_DOMAINS` / `AUTH_ALLOWED_EMAILS`.
 */

export type AllowList = {
  /** Lower-case domains; a match is exact (`sub.example.com` is not `example.com`). */
  domains: readonly string[];
  /** Lower-case full addresses. */
  emails: readonly string[];
};

export type IdentityClaims = {
  email?: unknown;
  email_verified?: unknown;
};

export type AllowDecision =
  { allowed: true } | { allowed: false; reason: "no-email" | "email-not-verified" | "not-on-allow-list" };

function hasAllowList(list: AllowList): boolean {
  return list.domains.length > 0 || list.emails.length > 0;
}

/** Lower-cased address, or null when it is not a single `local@domain` without spaces. */
export function normalisedEmail(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const email = value.trim().toLowerCase();
  if (email.length === 0 || email.length > 320 || /\s/.test(email)) return null;
  const at = email.lastIndexOf("@");
  if (at <= 0 || at === email.length - 1) return null;
  // Quoted local parts may legally contain `@`; refusing them avoids guessing which `@` splits.
  if (email.indexOf("@") !== at) return null;
  return email;
}

function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}

/**
 * With no allow-list, everyone the identity provider signs in is allowed. With one, the ID
 * token (or userinfo) must carry an email that is not explicitly unverified and that matches.
 */
export function checkAllowList(claims: IdentityClaims, list: AllowList): AllowDecision {
  if (!hasAllowList(list)) return { allowed: true };
  const email = normalisedEmail(claims.email);
  if (!email) return { allowed: false, reason: "no-email" };
  // Only an explicit `false` refuses: several providers (e.g. Entra ID) omit the claim for managed accounts.
  if (claims.email_verified === false || claims.email_verified === "false") {
    return { allowed: false, reason: "email-not-verified" };
  }
  if (list.emails.includes(email) || list.domains.includes(emailDomain(email))) return { allowed: true };
  return { allowed: false, reason: "not-on-allow-list" };
}
