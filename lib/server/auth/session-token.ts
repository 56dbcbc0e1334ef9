/**
 * Sealed cookies: the session, and the short-lived sign-in transaction (PKCE verifier, state,
 * nonce, return path). Each is an encrypted JWT (JWE, `dir` + A256GCM), so the browser can
 * neither read nor alter it, with `exp` checked on every read.
 *
 * Keys come from AUTH_SECRET through HKDF with a different label per purpose, so a sign-in
 * cookie can never be replayed as a session cookie and vice versa.
 *
 * Deliberately no `server-only` marker (hence no `.server` suffix): this module is pure (the
 * secret is a parameter) and the end-to-end tests import it to forge expired sessions. It still
 * never reaches a client bundle: the linter refuses `lib/server/*` in browser code.
 */
import { hkdfSync } from "node:crypto";
import { EncryptJWT, jwtDecrypt, type JWTPayload } from "jose";

export type SealPurpose = "session" | "sign-in" | "access-denied";

const AUDIENCE: Record<SealPurpose, string> = {
  session: "callview:session",
  "sign-in": "callview:sign-in",
  "access-denied": "callview:access-denied",
};

/** Allowed difference between this server's clock and the one that sealed the cookie. */
const CLOCK_TOLERANCE_SECONDS = 5;

const keyCache = new Map<string, Uint8Array>();

function keyFor(secret: string, purpose: SealPurpose): Uint8Array {
  const cacheKey = `${purpose}\u0000${secret}`;
  let key = keyCache.get(cacheKey);
  if (!key) {
    key = new Uint8Array(hkdfSync("sha256", secret, "callview-cookie-v1", `callview ${purpose} key`, 32));
    keyCache.set(cacheKey, key);
  }
  return key;
}

export type SealOptions = {
  /** Seconds since the epoch; tests pass a past time to forge an expired token. */
  now?: number;
  maxAgeSeconds: number;
};

export type SessionSealOptions = SealOptions & {
  /**
   * When the user signed in (seconds since the epoch); re-sealing on activity keeps it, so the
   * absolute lifetime counts from sign-in. Defaults to `now` (a new sign-in).
   */
  authTime?: number;
};

export async function seal(
  purpose: SealPurpose,
  payload: Record<string, unknown>,
  secret: string,
  options: SealOptions,
): Promise<string> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  return new EncryptJWT(payload)
    .setProtectedHeader({ alg: "dir", enc: "A256GCM" })
    .setAudience(AUDIENCE[purpose])
    .setIssuedAt(now)
    .setExpirationTime(now + options.maxAgeSeconds)
    .encrypt(keyFor(secret, purpose));
}

/** The payload, or null when the token is malformed, tampered with, sealed with another key or purpose, or expired. */
export async function unseal(
  purpose: SealPurpose,
  token: string,
  secret: string,
): Promise<JWTPayload | null> {
  if (!token || token.length > 8192) return null;
  try {
    const { payload } = await jwtDecrypt(token, keyFor(secret, purpose), {
      audience: AUDIENCE[purpose],
      keyManagementAlgorithms: ["dir"],
      contentEncryptionAlgorithms: ["A256GCM"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      requiredClaims: ["exp", "iat"],
    });
    return payload;
  } catch {
    return null;
  }
}

/** Who is signed in. Only what the page shows and the allow-list needs: no tokens are kept. */
export type SessionUser = {
  sub: string;
  /** Issuer that vouched for the user: a session from a previously configured provider is refused. */
  iss: string;
  name: string | null;
  email: string | null;
};

export async function sealSession(
  user: SessionUser,
  secret: string,
  options: SessionSealOptions,
): Promise<string> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  return seal(
    "session",
    { sub: user.sub, iss: user.iss, name: user.name, email: user.email, auth_time: options.authTime ?? now },
    secret,
    { now, maxAgeSeconds: options.maxAgeSeconds },
  );
}

/** A session cookie's content: who, when they signed in, and when it was last sealed. */
export type SealedSession = { user: SessionUser; authTime: number; issuedAt: number };

export async function unsealSessionToken(token: string, secret: string): Promise<SealedSession | null> {
  const payload = await unseal("session", token, secret);
  if (!payload || typeof payload.sub !== "string" || typeof payload.iss !== "string") return null;
  if (typeof payload.iat !== "number") return null;
  const name = typeof payload.name === "string" ? payload.name : null;
  const email = typeof payload.email === "string" ? payload.email : null;
  // Cookies sealed before auth_time existed were sealed at sign-in, so iat is their sign-in time.
  const authTime = typeof payload.auth_time === "number" ? payload.auth_time : payload.iat;
  return { user: { sub: payload.sub, iss: payload.iss, name, email }, authTime, issuedAt: payload.iat };
}

export async function unsealSession(token: string, secret: string): Promise<SessionUser | null> {
  return (await unsealSessionToken(token, secret))?.user ?? null;
}
