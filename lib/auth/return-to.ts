/**
 * Where to send the agent after sign-in. The value travels through the IdP round trip in a
 * query string and a cookie, so it is attacker-controllable: only same-origin relative paths
 * survive, which makes open redirects impossible.
 */

/** Longer values are refused: a notification link is short, and huge values hint at abuse. */
export const MAX_RETURN_TO_LENGTH = 2048;

const DEFAULT_RETURN_TO = "/";

/** A base that cannot be anyone's real origin, used only to let the URL parser normalise. */
const PROBE_ORIGIN = "http://return-to.invalid";

/** Browsers strip tab/CR/LF from URLs and treat `\` as `/`, so `/\tevil` or `/\evil` become `//evil`. */
const FORBIDDEN_CHARACTERS = /[\u0000-\u001f\u007f\\]/;
/** A raw (not percent-encoded) space or other whitespace never appears in a link we produced. */
const RAW_WHITESPACE = /\s/;

/**
 * Undoes percent-encoding a few times over, so `%2F%2F` or `%252F%252F` cannot smuggle `//`.
 * A stray `%` (as in `?q=100%25` once decoded) ends the decoding rather than refusing the path.
 */
function fullyDecoded(value: string): string | null {
  let current = value;
  for (let round = 0; round < 4; round += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (next === current) return current;
    current = next;
  }
  // Still changing after four rounds: nobody encodes a real link that many times.
  return null;
}

function looksLikeProtocolRelative(path: string): boolean {
  return path.startsWith("//") || path.startsWith("/\\") || FORBIDDEN_CHARACTERS.test(path);
}

/**
 * Returns the path to go back to (pathname + query + fragment, normalised), or null when the
 * value is not a plain same-origin path. Paths under `/auth/` are refused so a sign-in cannot
 * loop back into itself.
 */
export function safeReturnTo(value: unknown): string | null {
  if (typeof value !== "string") return null;
  if (value.length === 0 || value.length > MAX_RETURN_TO_LENGTH) return null;
  if (!value.startsWith("/") || RAW_WHITESPACE.test(value) || looksLikeProtocolRelative(value)) return null;

  const decoded = fullyDecoded(value);
  if (decoded === null || !decoded.startsWith("/") || looksLikeProtocolRelative(decoded)) return null;

  let parsed: URL;
  try {
    parsed = new URL(value, PROBE_ORIGIN);
  } catch {
    return null;
  }
  if (parsed.origin !== PROBE_ORIGIN) return null;
  // Dot segments can collapse into `//` (`/..//evil.com` → `//evil.com`): check the normalised path too.
  if (parsed.pathname.startsWith("//")) return null;
  if (parsed.pathname === "/auth" || parsed.pathname.startsWith("/auth/")) return null;

  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}

/** `safeReturnTo` with a fallback, for places that must always redirect somewhere. */
export function returnToOrDefault(value: unknown): string {
  return safeReturnTo(value) ?? DEFAULT_RETURN_TO;
}

/** The sign-in URL that brings the agent back to `returnTo` afterwards. */
export function signInPath(returnTo: string | null, options: { switchAccount?: boolean } = {}): string {
  const params = new URLSearchParams();
  const safe = safeReturnTo(returnTo);
  if (safe && safe !== DEFAULT_RETURN_TO) params.set("returnTo", safe);
  if (options.switchAccount) params.set("switch", "1");
  const query = params.toString();
  return query ? `/auth/sign-in?${query}` : "/auth/sign-in";
}

/** `pathname` plus the query a page received (Next.js `searchParams`), for `returnTo`. */
export function pathWithQuery(
  pathname: string,
  searchParams: Record<string, string | string[] | undefined>,
): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(searchParams)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      query.append(name, item);
    }
  }
  const search = query.toString();
  return search ? `${pathname}?${search}` : pathname;
}
