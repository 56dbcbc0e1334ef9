/**
 * OpenID Connect with `openid-client` (authorization code + PKCE + state + nonce), provider
 * found by discovery from OIDC_ISSUER, so Google Workspace, Okta, Entra ID, Auth0 and Keycloak
 * all work with the same code. See docs/decisions/0004-authentication.md.
 */
import "server-only";
import * as oidc from "openid-client";
import { logger } from "@/lib/server/logger.server";
import { isLoopbackUrl, type OidcAuthEnv } from "./auth-env.server";
import { errorFields } from "./auth-http.server";
import { seal, unseal, type SessionUser } from "./session-token";

/** Discovery metadata is re-read hourly so a provider's endpoint change is picked up without a restart. */
const DISCOVERY_TTL_MS = 60 * 60 * 1000;
/** Seconds to wait for the provider (discovery, token, userinfo) before showing "sign-in failed". */
const PROVIDER_TIMEOUT_SECONDS = 10;
/** How long the agent may spend at the provider's login page. */
export const SIGN_IN_TRANSACTION_MAX_AGE_SECONDS = 10 * 60;

export const CALLBACK_PATH = "/auth/callback";
export const SIGNED_OUT_PATH = "/auth/signed-out";

type CachedDiscovery = { key: string; expiresAt: number; configuration: Promise<oidc.Configuration> };

// Module-level, not on globalThis: route handlers and pages may each bundle their own copy of
// openid-client, and its functions refuse a Configuration made by another copy.
let cachedDiscovery: CachedDiscovery | undefined;

/** The provider's configuration, discovered once and cached; a failed discovery is retried on the next request. */
function oidcConfiguration(env: OidcAuthEnv): Promise<oidc.Configuration> {
  const key = `${env.issuer}\u0000${env.clientId}\u0000${env.clientSecret ?? ""}`;
  const cached = cachedDiscovery;
  if (cached && cached.key === key && cached.expiresAt > Date.now()) return cached.configuration;

  const issuer = new URL(env.issuer);
  const clientAuth = env.clientSecret ? oidc.ClientSecretBasic(env.clientSecret) : oidc.None();
  const configuration = oidc.discovery(issuer, env.clientId, undefined, clientAuth, {
    timeout: PROVIDER_TIMEOUT_SECONDS,
    // Plain http only for a provider on this machine (auth-env refuses it otherwise). The
    // library marks this "deprecated" just to make it stand out; loopback tests need it.
    execute: issuer.protocol === "http:" && isLoopbackUrl(issuer) ? [oidc.allowInsecureRequests] : [],
  });
  const entry: CachedDiscovery = { key, expiresAt: Date.now() + DISCOVERY_TTL_MS, configuration };
  cachedDiscovery = entry;
  configuration.catch(() => {
    if (cachedDiscovery === entry) cachedDiscovery = undefined;
  });
  return configuration;
}

/** What the callback needs to finish the sign-in it started; sealed into a short-lived cookie. */
export type SignInTransaction = {
  state: string;
  nonce: string;
  codeVerifier: string;
  redirectUri: string;
  returnTo: string;
};

/** One cookie per sign-in (named by its state) so two notification links opened at once both work. */
export function signInCookieName(state: string): string {
  return `callview_sign_in_${state}`;
}

const STATE_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

export function isPlausibleState(state: string | null): state is string {
  return state !== null && STATE_PATTERN.test(state);
}

export async function beginSignIn(
  env: OidcAuthEnv,
  options: { publicOrigin: string; returnTo: string; switchAccount: boolean },
): Promise<{ authorizationUrl: URL; transaction: SignInTransaction; sealedTransaction: string }> {
  const configuration = await oidcConfiguration(env);
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const transaction: SignInTransaction = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier,
    redirectUri: new URL(CALLBACK_PATH, options.publicOrigin).href,
    returnTo: options.returnTo,
  };
  const parameters: Record<string, string> = {
    redirect_uri: transaction.redirectUri,
    scope: "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state: transaction.state,
    nonce: transaction.nonce,
  };
  // "Sign in with a different account" after a refusal: make the provider ask again.
  if (options.switchAccount) parameters.prompt = "login";
  const sealedTransaction = await seal("sign-in", transaction, env.secret, {
    maxAgeSeconds: SIGN_IN_TRANSACTION_MAX_AGE_SECONDS,
  });
  return {
    authorizationUrl: oidc.buildAuthorizationUrl(configuration, parameters),
    transaction,
    sealedTransaction,
  };
}

export async function readSignInTransaction(
  sealed: string,
  env: OidcAuthEnv,
): Promise<SignInTransaction | null> {
  const payload = await unseal("sign-in", sealed, env.secret);
  if (!payload) return null;
  const { state, nonce, codeVerifier, redirectUri, returnTo } = payload;
  if (
    typeof state !== "string" ||
    typeof nonce !== "string" ||
    typeof codeVerifier !== "string" ||
    typeof redirectUri !== "string" ||
    typeof returnTo !== "string"
  ) {
    return null;
  }
  return { state, nonce, codeVerifier, redirectUri, returnTo };
}

/**
 * Identity claims the dashboard uses, from the ID token and (when it lacks an email) userinfo.
 * `email` is as the provider sent it (trimmed, not lower-cased): the allow-list refuses
 * non-ASCII before it normalises, since lower-casing can turn U+212A into "k".
 */
export type SignedInIdentity = SessionUser & { emailVerified: unknown; hostedDomain: unknown };

function stringClaim(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

function displayName(claims: Record<string, unknown>): string | null {
  const given = stringClaim(claims.given_name);
  const family = stringClaim(claims.family_name);
  return (
    stringClaim(claims.name) ??
    ([given, family].filter(Boolean).join(" ") || null) ??
    stringClaim(claims.preferred_username)
  );
}

/**
 * Exchanges the code (checking state, nonce and PKCE, and the ID token's signature, issuer,
 * audience and expiry, all inside openid-client) and returns who signed in.
 */
export async function completeSignIn(
  env: OidcAuthEnv,
  transaction: SignInTransaction,
  callbackSearch: URLSearchParams,
): Promise<SignedInIdentity> {
  const configuration = await oidcConfiguration(env);
  // The redirect URI sent to the token endpoint must equal the one used to start: rebuild it
  // from the transaction rather than from this request's Host header.
  const currentUrl = new URL(transaction.redirectUri);
  currentUrl.search = callbackSearch.toString();
  const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
    pkceCodeVerifier: transaction.codeVerifier,
    expectedState: transaction.state,
    expectedNonce: transaction.nonce,
    idTokenExpected: true,
  });
  const idToken = tokens.claims();
  if (!idToken) throw new Error("The identity provider returned no ID token.");
  let claims: Record<string, unknown> = { ...idToken };

  // Some providers (Entra ID, Okta with default settings) leave email out of the ID token.
  if (!stringClaim(claims.email) && tokens.access_token && configuration.serverMetadata().userinfo_endpoint) {
    const userInfo = await oidc.fetchUserInfo(configuration, tokens.access_token, idToken.sub);
    claims = { ...userInfo, ...claims, email: userInfo.email, email_verified: userInfo.email_verified };
  }

  return {
    sub: idToken.sub,
    iss: env.issuer,
    name: displayName(claims),
    email: stringClaim(claims.email),
    emailVerified: claims.email_verified,
    // Google Workspace's hosted domain: only the ID token's own claim counts, never userinfo's.
    hostedDomain: idToken.hd,
  };
}

/** The provider's RP-initiated logout URL, when it advertises one; null otherwise or when it cannot be reached. */
export async function providerSignOutUrl(env: OidcAuthEnv, publicOrigin: string): Promise<URL | null> {
  try {
    const configuration = await oidcConfiguration(env);
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    return oidc.buildEndSessionUrl(configuration, {
      client_id: env.clientId,
      post_logout_redirect_uri: new URL(SIGNED_OUT_PATH, publicOrigin).href,
    });
  } catch (error) {
    logger().warn(
      { event: "sign-out.no-provider-link", ...errorFields(error) },
      "Sign-out: no provider sign-out link",
    );
    return null;
  }
}
