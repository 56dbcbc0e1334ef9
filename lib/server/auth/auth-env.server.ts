/**
 * Sign-in configuration, validated once with zod. The dashboard holds a key that reads every
 * call of the team, so it fails closed: with a real ALLO_API_KEY and no sign-in configured it
 * serves no data unless the operator says AUTH_MODE=none (an SSO proxy in front does the job).
 * Sign-in needs an allow-list (or AUTH_ALLOW_ANY_ACCOUNT=true on purpose) and, beyond loopback,
 * a public URL; AUTH_MODE=none beyond loopback needs the proxy's shared secret (or
 * AUTH_PROXY_TRUST_NETWORK=true on purpose). See docs/decisions/0004 and 0007.
 *
 * `authEnv()` throws a `ConfigurationError` naming the variables (never their values) so
 * start-up can stop; `resolveAuthEnv()` never throws and is what request-time code uses, so a
 * bad value still fails closed instead of failing open.
 */
import "server-only";
import { z } from "zod";
import { normalisedEmail, type AllowList } from "@/lib/auth/email-allow-list";
import {
  ConfigurationError,
  isLoopbackUrl,
  listenAddressFrom,
  parseServerEnv,
  publicOrigin,
  publicUrlFrom,
  serverEnv,
  urlRefinement,
} from "@/lib/server/env.server";

/** Long enough for a working day, short enough that a lost laptop's session dies overnight. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
/**
 * A session nobody used for an hour ends, even within its 12 hours: a laptop left open at
 * lunch. Activity re-seals the cookie (proxy.ts), so a working agent never notices.
 */
export const SESSION_IDLE_SECONDS = 60 * 60;

/** The header an SSO proxy sends with the shared secret (AUTH_MODE=none, AUTH_PROXY_SECRET). */
export const PROXY_SECRET_HEADER = "x-callview-proxy-secret";
/** Identity headers of oauth2-proxy (--pass-user-headers, --set-xauthrequest) and nginx auth_request setups. */
const DEFAULT_PROXY_EMAIL_HEADERS = ["x-forwarded-email", "x-auth-request-email"];
const MIN_PROXY_SECRET_LENGTH = 32;

/** Google's issuer: its ID tokens carry `hd`, the Workspace the account belongs to. */
const GOOGLE_ISSUER_HOST = "accounts.google.com";

const MIN_AUTH_SECRET_LENGTH = 32;

export type OidcAuthEnv = {
  mode: "oidc";
  /** Exactly as configured: discovery compares it byte for byte with the provider's `issuer`. */
  issuer: string;
  clientId: string;
  /** Null for a public client (PKCE only). */
  clientSecret: string | null;
  /** Key material for the session and sign-in cookies. */
  secret: string;
  /**
   * AUTH_URL or CALLVIEW_PUBLIC_URL: the origin of the redirect URI, cookie `Secure` and the
   * `__Host-` cookie name. Null only when the server listens on loopback; then the origin is the
   * loopback Host the browser used, never an X-Forwarded-* header.
   */
  publicOrigin: string | null;
  allowList: AllowList;
  /** Absolute lifetime, counted from sign-in; re-sealing never extends it. */
  sessionMaxAgeSeconds: number;
  /** Idle timeout, counted from the last re-seal. */
  sessionIdleSeconds: number;
};

/**
 * AUTH_MODE=none with AUTH_PROXY_SECRET: only requests carrying the SSO proxy's shared secret
 * are served, and only then are the proxy's identity headers believed (to show who is signed in).
 */
export type ProxyGate = { secret: string; emailHeaders: readonly string[] };

export type AuthEnv =
  | OidcAuthEnv
  /** No sign-in: demo mode (no data worth protecting). */
  | { mode: "none"; reason: "demo" }
  /** No sign-in because the operator said an SSO proxy does it (AUTH_MODE=none). */
  | { mode: "none"; reason: "explicit"; proxy: ProxyGate | null }
  /** A real Allo key and no sign-in configured: serve nothing but the setup page. */
  | { mode: "unconfigured" };

/** What request-time code sees: a configuration error is one more way to fail closed. */
export type ResolvedAuthEnv = AuthEnv | { mode: "misconfigured"; problem: string };

const emptyToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

// The loopback rule and the public-origin schema are shared with the notification settings.
export { isLoopbackUrl };

const issuerUrl = z
  .url({ protocol: /^https?$/, message: "must be the issuer URL, e.g. https://accounts.google.com" })
  .refine(
    // Plain http only for a provider on this machine (tests, local development).
    urlRefinement((url) => url.protocol === "https:" || isLoopbackUrl(url)),
    "must use https (http is accepted only for 127.0.0.1/localhost)",
  )
  .refine(
    urlRefinement((url) => !url.search && !url.hash && !url.username && !url.password),
    "must not contain a query, fragment or credentials",
  );

const DOMAIN_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/**
 * Trimmed, not yet lower-cased: each entry is checked to be ASCII first, because lower-casing
 * maps some non-ASCII letters onto ASCII ones (U+212A KELVIN SIGN becomes "k").
 */
function commaList(value: string): string[] {
  return value
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}

const ASCII = /^[\x21-\x7e]+$/;

const domainList = z
  .string()
  .transform((value) => commaList(value).map((domain) => domain.replace(/^@/, "")))
  .pipe(
    z.array(
      z
        .string()
        .regex(ASCII, "must be a comma-separated list of domains such as example.com (IDNs as xn--…)")
        .transform((domain) => domain.toLowerCase())
        .pipe(
          z.string().regex(DOMAIN_PATTERN, "must be a comma-separated list of domains such as example.com"),
        ),
    ),
  );

/** "true" or "false" (any case); anything else is a mistake worth stopping for. */
const yesNo = z.preprocess(
  (value) => (typeof value === "string" ? emptyToUndefined(value.trim().toLowerCase()) : value),
  z
    .enum(["true", "false"], { message: 'must be "true" or "false"' })
    .optional()
    .transform((value) => value === "true"),
);

const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

const headerList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((entry) => entry.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(HEADER_NAME, "must be a comma-separated list of HTTP header names")).min(1));

const emailList = z
  .string()
  .transform(commaList)
  .pipe(
    z.array(
      z
        .string()
        .refine(
          (email) => normalisedEmail(email) !== null,
          "must be a comma-separated list of (ASCII) email addresses",
        )
        .transform((email) => normalisedEmail(email) ?? email),
    ),
  );

const authEnvSchema = z.object({
  AUTH_MODE: z.preprocess(
    (value) => (typeof value === "string" ? emptyToUndefined(value.trim().toLowerCase()) : value),
    z.enum(["oidc", "none"], { message: 'must be "oidc" or "none"' }).optional(),
  ),
  OIDC_ISSUER: z.preprocess(emptyToUndefined, issuerUrl.optional()),
  OIDC_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().trim().min(1).optional()),
  OIDC_CLIENT_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
  AUTH_SECRET: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .min(
        MIN_AUTH_SECRET_LENGTH,
        `must be at least ${MIN_AUTH_SECRET_LENGTH} characters (e.g. openssl rand -base64 32)`,
      )
      .optional(),
  ),
  AUTH_URL: z.preprocess(emptyToUndefined, publicOrigin.optional()),
  CALLVIEW_PUBLIC_URL: z.preprocess(emptyToUndefined, publicOrigin.optional()),
  AUTH_ALLOWED_EMAIL_DOMAINS: z.preprocess(emptyToUndefined, domainList.optional()),
  AUTH_ALLOWED_EMAILS: z.preprocess(emptyToUndefined, emailList.optional()),
  AUTH_ALLOW_ANY_ACCOUNT: yesNo,
  AUTH_ALLOW_MISSING_EMAIL_VERIFIED: yesNo,
  AUTH_PROXY_SECRET: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .min(
        MIN_PROXY_SECRET_LENGTH,
        `must be at least ${MIN_PROXY_SECRET_LENGTH} characters (e.g. openssl rand -base64 32)`,
      )
      .optional(),
  ),
  AUTH_PROXY_EMAIL_HEADERS: z.preprocess(emptyToUndefined, headerList.optional()),
  AUTH_PROXY_TRUST_NETWORK: yesNo,
  HOSTNAME: z.preprocess(emptyToUndefined, z.string().optional()),
});

type ParsedAuthSource = z.output<typeof authEnvSchema>;

function configurationError(problem: string): ConfigurationError {
  return new ConfigurationError(`Invalid sign-in configuration: ${problem}`);
}

/** Names of the variables in `names` that are set (non-blank) in `source`. */
function setVariables(source: Record<string, string | undefined>, names: readonly string[]): string[] {
  return names.filter((name) => source[name] !== undefined && source[name]?.trim() !== "");
}

function isGoogleIssuer(issuer: string): boolean {
  return new URL(issuer).host.toLowerCase() === GOOGLE_ISSUER_HOST;
}

function oidcAllowList(env: ParsedAuthSource, issuer: string): AllowList {
  const domains = env.AUTH_ALLOWED_EMAIL_DOMAINS ?? [];
  const emails = env.AUTH_ALLOWED_EMAILS ?? [];
  if (env.AUTH_ALLOW_ANY_ACCOUNT && (domains.length > 0 || emails.length > 0)) {
    throw configurationError(
      "AUTH_ALLOW_ANY_ACCOUNT=true contradicts AUTH_ALLOWED_EMAIL_DOMAINS/AUTH_ALLOWED_EMAILS; set the allow-list or AUTH_ALLOW_ANY_ACCOUNT, not both.",
    );
  }
  // Identity providers accept anyone with an account (for Google: anyone at all), so an empty
  // allow-list must be a choice, not an oversight.
  if (!env.AUTH_ALLOW_ANY_ACCOUNT && domains.length === 0 && emails.length === 0) {
    throw configurationError(
      "set AUTH_ALLOWED_EMAIL_DOMAINS or AUTH_ALLOWED_EMAILS to say who may sign in, or AUTH_ALLOW_ANY_ACCOUNT=true to let in every account the identity provider accepts.",
    );
  }
  return {
    domains,
    emails,
    anyAccount: env.AUTH_ALLOW_ANY_ACCOUNT,
    allowMissingEmailVerified: env.AUTH_ALLOW_MISSING_EMAIL_VERIFIED,
    requireHostedDomain: isGoogleIssuer(issuer),
  };
}

/** Pure: the decision from the environment and whether the dashboard runs on demo data. */
export function parseAuthEnv(
  source: Record<string, string | undefined>,
  options: { demoMode: boolean },
): AuthEnv {
  const parsed = authEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw configurationError(`${problems.join("; ")}.`);
  }
  const env = parsed.data;
  const mode = env.AUTH_MODE ?? (env.OIDC_ISSUER ? "oidc" : undefined);
  const listen = listenAddressFrom(env.HOSTNAME);
  const publicUrl = publicUrlFrom(env.AUTH_URL, env.CALLVIEW_PUBLIC_URL);

  // A yes/no variable set to "false" asks for nothing, so only "true" counts as set here.
  const proxySettings = [
    ...setVariables(source, ["AUTH_PROXY_SECRET", "AUTH_PROXY_EMAIL_HEADERS"]),
    ...(env.AUTH_PROXY_TRUST_NETWORK ? ["AUTH_PROXY_TRUST_NETWORK"] : []),
  ];
  if (mode !== "none" && proxySettings.length > 0) {
    throw configurationError(
      `${proxySettings.join(", ")} apply only to AUTH_MODE=none (an SSO proxy in front).`,
    );
  }

  if (mode === "none") return { mode: "none", reason: "explicit", proxy: proxyGate(env, listen.loopback) };

  if (mode === "oidc") {
    const missing = [
      env.OIDC_ISSUER ? null : "OIDC_ISSUER",
      env.OIDC_CLIENT_ID ? null : "OIDC_CLIENT_ID",
      env.AUTH_SECRET ? null : "AUTH_SECRET",
    ].filter((name): name is string => name !== null);
    if (missing.length > 0 || !env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.AUTH_SECRET) {
      throw configurationError(`sign-in with OpenID Connect needs ${missing.join(", ")}.`);
    }
    // The redirect URI and the cookie's Secure flag must not follow request headers
    // (X-Forwarded-Host/Proto are anyone's to send); on loopback only this machine can ask.
    if (!publicUrl && !listen.loopback) {
      throw configurationError(
        "AUTH_URL (or CALLVIEW_PUBLIC_URL) is required unless the server listens on loopback (HOSTNAME=127.0.0.1), so that redirects and cookies never follow request headers.",
      );
    }
    return {
      mode: "oidc",
      issuer: env.OIDC_ISSUER,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET ?? null,
      secret: env.AUTH_SECRET,
      publicOrigin: publicUrl,
      allowList: oidcAllowList(env, env.OIDC_ISSUER),
      sessionMaxAgeSeconds: SESSION_MAX_AGE_SECONDS,
      sessionIdleSeconds: SESSION_IDLE_SECONDS,
    };
  }

  // Half a configuration is a mistake worth stopping for, not a reason to run without sign-in.
  const stray = [
    ...setVariables(source, [
      "OIDC_CLIENT_ID",
      "OIDC_CLIENT_SECRET",
      "AUTH_ALLOWED_EMAIL_DOMAINS",
      "AUTH_ALLOWED_EMAILS",
    ]),
    ...(env.AUTH_ALLOW_ANY_ACCOUNT ? ["AUTH_ALLOW_ANY_ACCOUNT"] : []),
    ...(env.AUTH_ALLOW_MISSING_EMAIL_VERIFIED ? ["AUTH_ALLOW_MISSING_EMAIL_VERIFIED"] : []),
  ];
  if (stray.length > 0) {
    throw configurationError(`${stray.join(", ")} set but OIDC_ISSUER is missing.`);
  }
  return options.demoMode ? { mode: "none", reason: "demo" } : { mode: "unconfigured" };
}

/**
 * AUTH_MODE=none trusts whoever reaches the port. On loopback that is this machine (a sidecar
 * proxy); beyond it, the proxy must prove itself with AUTH_PROXY_SECRET, unless the operator
 * says the network already lets only the proxy in (AUTH_PROXY_TRUST_NETWORK=true).
 */
function proxyGate(env: ParsedAuthSource, loopback: boolean): ProxyGate | null {
  if (!env.AUTH_PROXY_SECRET) {
    if (env.AUTH_PROXY_EMAIL_HEADERS) {
      throw configurationError(
        "AUTH_PROXY_EMAIL_HEADERS is trusted only with AUTH_PROXY_SECRET (anyone could send those headers otherwise).",
      );
    }
    if (!loopback && !env.AUTH_PROXY_TRUST_NETWORK) {
      throw configurationError(
        "AUTH_MODE=none listening beyond loopback lets anyone who reaches the port read every call: set AUTH_PROXY_SECRET (sent by the SSO proxy), listen on loopback only (HOSTNAME=127.0.0.1), or set AUTH_PROXY_TRUST_NETWORK=true if the network lets only the proxy in.",
      );
    }
    return null;
  }
  return {
    secret: env.AUTH_PROXY_SECRET,
    emailHeaders: env.AUTH_PROXY_EMAIL_HEADERS ?? DEFAULT_PROXY_EMAIL_HEADERS,
  };
}

let cached: AuthEnv | null = null;

/** For start-up: throws a `ConfigurationError` on an invalid configuration. */
export function authEnv(): AuthEnv {
  cached ??= parseAuthEnv(process.env, { demoMode: serverEnv().demoMode });
  return cached;
}

/**
 * For request-time code: never throws; an invalid configuration becomes "misconfigured" (serve
 * nothing). With a `source`, it reads that environment instead of the cached one (readiness tests).
 */
export function resolveAuthEnv(source?: Record<string, string | undefined>): ResolvedAuthEnv {
  try {
    return source ? parseAuthEnv(source, { demoMode: parseServerEnv(source).demoMode }) : authEnv();
  } catch (error) {
    const problem =
      error instanceof ConfigurationError ? error.message : "The configuration could not be read.";
    return { mode: "misconfigured", problem };
  }
}

/** One line for the start-up log. */
export function describeAuthEnv(env: AuthEnv): string {
  switch (env.mode) {
    case "oidc": {
      const allow = [...env.allowList.domains.map((domain) => `@${domain}`), ...env.allowList.emails];
      return `Callview: sign-in with OpenID Connect (${env.issuer}), ${env.allowList.anyAccount ? "any account the provider signs in (AUTH_ALLOW_ANY_ACCOUNT=true)" : `allowed: ${allow.join(", ")}`}.`;
    }
    case "none":
      if (env.reason === "demo") return "Callview: demo data, no sign-in required.";
      return env.proxy
        ? "Callview: AUTH_MODE=none, serving only requests that carry the SSO proxy's secret (AUTH_PROXY_SECRET)."
        : "Callview: AUTH_MODE=none, the dashboard does not check sign-in itself (an SSO proxy must protect it).";
    case "unconfigured":
      return "Callview: sign-in is not configured; serving only the setup page (set OIDC_* and AUTH_SECRET, or AUTH_MODE=none).";
  }
}
