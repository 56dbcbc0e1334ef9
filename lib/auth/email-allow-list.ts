/**
 * Who may use the dashboard once the identity provider has vouched for them. Identity
 * providers such as Google accept any account by default, so sign-in needs an allow-list
 * (`AUTH_ALLOWED_EMAIL_DOMAINS` / `AUTH_ALLOWED_EMAILS`), or the operator's explicit
 * `AUTH_ALLOW_ANY_ACCOUNT=true`. Start-up refuses a sign-in configuration with neither; an
 * empty list reaching this module still refuses everyone (fail closed).
 */

export type AllowList = {
  /** Lower-case ASCII domains; a match is exact (`sub.example.com` is not `example.com`). */
  domains: readonly string[];
  /** Lower-case ASCII full addresses. */
  emails: readonly string[];
  /** AUTH_ALLOW_ANY_ACCOUNT=true: the operator chose to let in every account the provider signs in. */
  anyAccount: boolean;
  /**
   * AUTH_ALLOW_MISSING_EMAIL_VERIFIED=true, for a provider that never sends `email_verified`
   * (some Entra ID and Okta setups). An explicit `false` is refused regardless.
   */
  allowMissingEmailVerified: boolean;
  /**
   * Google (issuer https://accounts.google.com): a domain match also needs the `hd` claim to
   * name that domain, i.e. the account belongs to that Google Workspace. Without it, anyone can
   * create a consumer Google account for `someone@your-domain` (the address is even "verified"
   * once they read one mail there, e.g. an ex-employee's forwarded inbox).
   */
  requireHostedDomain: boolean;
};

export type IdentityClaims = {
  email?: unknown;
  email_verified?: unknown;
  /** Google Workspace's hosted domain. */
  hd?: unknown;
};

export type RefusalReason =
  | "no-email"
  | "unsupported-email"
  | "email-not-verified"
  | "email-verification-unknown"
  | "not-on-allow-list"
  | "not-hosted-domain";

export type AllowDecision = { allowed: true } | { allowed: false; reason: RefusalReason };

/**
 * Printable ASCII without spaces. Addresses outside it are refused rather than normalised:
 * `toLowerCase()` maps some non-ASCII letters onto ASCII ones (the Kelvin sign U+212A becomes
 * `k`), and look-alikes (Cyrillic `і`, fullwidth letters) would otherwise need a confusables
 * table. Company identity providers issue ASCII addresses; IDN domains arrive as `xn--…`.
 */
const ASCII_ADDRESS = /^[\x21-\x7e]+$/;

function isAscii(value: string): boolean {
  return ASCII_ADDRESS.test(value);
}

/** Lower-cased address, or null when it is not a single ASCII `local@domain` without spaces. */
export function normalisedEmail(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 320 || !isAscii(trimmed)) return null;
  // Lower-casing is safe now: on ASCII it only maps A-Z to a-z.
  const email = trimmed.toLowerCase();
  const at = email.lastIndexOf("@");
  if (at <= 0 || at === email.length - 1) return null;
  // Quoted local parts may legally contain `@`; refusing them avoids guessing which `@` splits.
  if (email.indexOf("@") !== at) return null;
  return email;
}

function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1);
}

type Verification = "verified" | "unverified" | "missing";

/** `true`, or the string "true" that some providers (Amazon Cognito) send; nothing else counts. */
function verification(claim: unknown): Verification {
  if (claim === true || claim === "true") return "verified";
  if (claim === undefined || claim === null) return "missing";
  return "unverified";
}

/**
 * At sign-in: may the account the provider vouched for use the dashboard? The email must be a
 * plain ASCII address the provider says is verified, and on the list (an exact address, or an
 * exact domain, which with Google also needs the matching `hd` claim).
 */
export function checkAllowList(claims: IdentityClaims, list: AllowList): AllowDecision {
  if (list.anyAccount) return { allowed: true };
  if (typeof claims.email === "string" && claims.email.trim() !== "" && !isAscii(claims.email.trim())) {
    return { allowed: false, reason: "unsupported-email" };
  }
  const email = normalisedEmail(claims.email);
  if (!email) return { allowed: false, reason: "no-email" };

  const verified = verification(claims.email_verified);
  if (verified === "unverified") return { allowed: false, reason: "email-not-verified" };
  if (verified === "missing" && !list.allowMissingEmailVerified) {
    return { allowed: false, reason: "email-verification-unknown" };
  }

  if (list.emails.includes(email)) return { allowed: true };
  const domain = emailDomain(email);
  if (!list.domains.includes(domain)) return { allowed: false, reason: "not-on-allow-list" };
  if (list.requireHostedDomain) {
    const hd = typeof claims.hd === "string" ? normalisedDomain(claims.hd) : null;
    if (hd !== domain) return { allowed: false, reason: "not-hosted-domain" };
  }
  return { allowed: true };
}

function normalisedDomain(value: string): string | null {
  const trimmed = value.trim();
  return trimmed !== "" && isAscii(trimmed) ? trimmed.toLowerCase() : null;
}

/**
 * On every request, for an existing session: is its email still on the list? So narrowing
 * `AUTH_ALLOWED_*` takes effect at once. Verification and `hd` were checked at sign-in.
 */
export function emailOnAllowList(email: string | null, list: AllowList): boolean {
  if (list.anyAccount) return true;
  const normalised = normalisedEmail(email);
  if (!normalised) return false;
  return list.emails.includes(normalised) || list.domains.includes(emailDomain(normalised));
}
