/**
 * Sign-in configuration, validated once with zod. The dashboard holds a key that reads every
 * call of the team, so it fails closed: with a real ALLO_API_KEY and no sign-in configured it
 * serves no data unless the operator says AUTH_MODE=none (an SSO proxy in front does the job).
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
  publicOrigin,
  serverEnv,
  urlRefinement,
} from "@/lib/server/env.server";

/** Long enough for a working day, short enough that a lost laptop's session dies overnight. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

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
  /** Public origin used for the redirect URI and cookie `Secure`; null means "from the request". */
  publicOrigin: string | null;
  allowList: AllowList;
  sessionMaxAgeSeconds: number;
};

export type AuthEnv =
  | OidcAuthEnv
  /** No sign-in: in demo mode (no data worth protecting) or because the operator said so. */
  | { mode: "none"; reason: "demo" | "explicit" }
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

function commaList(value: string): string[] {
  return value
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
}

const domainList = z
  .string()
  .transform((value) => commaList(value).map((domain) => domain.replace(/^@/, "")))
  .pipe(
    z.array(
      z.string().regex(DOMAIN_PATTERN, "must be a comma-separated list of domains such as example.com"),
    ),
  );

const emailList = z
  .string()
  .transform(commaList)
  .pipe(
    z.array(
      z
        .string()
        .refine(
          (email) => normalisedEmail(email) !== null,
          "must be a comma-separated list of email addresses",
        ),
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
  AUTH_ALLOWED_EMAIL_DOMAINS: z.preprocess(emptyToUndefined, domainList.optional()),
  AUTH_ALLOWED_EMAILS: z.preprocess(emptyToUndefined, emailList.optional()),
});

/** Pure: the decision from the environment and whether the dashboard runs on demo data. */
export function parseAuthEnv(
  source: Record<string, string | undefined>,
  options: { demoMode: boolean },
): AuthEnv {
  const parsed = authEnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`);
    throw new ConfigurationError(`Invalid sign-in configuration: ${problems.join("; ")}.`);
  }
  const env = parsed.data;
  const mode = env.AUTH_MODE ?? (env.OIDC_ISSUER ? "oidc" : undefined);

  if (mode === "none") return { mode: "none", reason: "explicit" };

  if (mode === "oidc") {
    const missing = [
      env.OIDC_ISSUER ? null : "OIDC_ISSUER",
      env.OIDC_CLIENT_ID ? null : "OIDC_CLIENT_ID",
      env.AUTH_SECRET ? null : "AUTH_SECRET",
    ].filter((name): name is string => name !== null);
    if (missing.length > 0 || !env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.AUTH_SECRET) {
      throw new ConfigurationError(
        `Invalid sign-in configuration: sign-in with OpenID Connect needs ${missing.join(", ")}.`,
      );
    }
    return {
      mode: "oidc",
      issuer: env.OIDC_ISSUER,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET ?? null,
      secret: env.AUTH_SECRET,
      publicOrigin: env.AUTH_URL ?? null,
      allowList: { domains: env.AUTH_ALLOWED_EMAIL_DOMAINS ?? [], emails: env.AUTH_ALLOWED_EMAILS ?? [] },
      sessionMaxAgeSeconds: SESSION_MAX_AGE_SECONDS,
    };
  }

  // Half a configuration is a mistake worth stopping for, not a reason to run without sign-in.
  const stray = [
    "OIDC_CLIENT_ID",
    "OIDC_CLIENT_SECRET",
    "AUTH_ALLOWED_EMAIL_DOMAINS",
    "AUTH_ALLOWED_EMAILS",
  ].filter((name) => source[name] !== undefined && source[name]?.trim() !== "");
  if (stray.length > 0) {
    throw new ConfigurationError(
      `Invalid sign-in configuration: ${stray.join(", ")} set but OIDC_ISSUER is missing.`,
    );
  }
  return options.demoMode ? { mode: "none", reason: "demo" } : { mode: "unconfigured" };
}

let cached: AuthEnv | null = null;

/** For start-up: throws a `ConfigurationError` on an invalid configuration. */
export function authEnv(): AuthEnv {
  cached ??= parseAuthEnv(process.env, { demoMode: serverEnv().demoMode });
  return cached;
}

/** For request-time code: never throws; an invalid configuration becomes "misconfigured" (serve nothing). */
export function resolveAuthEnv(): ResolvedAuthEnv {
  try {
    return authEnv();
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
      return `Callview: sign-in with OpenID Connect (${env.issuer}), ${allow.length > 0 ? `allowed: ${allow.join(", ")}` : "any account the provider signs in"}.`;
    }
    case "none":
      return env.reason === "demo"
        ? "Callview: demo data, no sign-in required."
        : "Callview: AUTH_MODE=none, the dashboard does not check sign-in itself (an SSO proxy must protect it).";
    case "unconfigured":
      return "Callview: sign-in is not configured; serving only the setup page (set OIDC_* and AUTH_SECRET, or AUTH_MODE=none).";
  }
}
