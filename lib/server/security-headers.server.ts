/**
 * Security headers for every response, built by pure functions so they can be unit-tested.
 * `proxy.ts` generates a nonce per request and sets these on the response (and the CSP on the
 * request too, which is how Next.js learns the nonce and adds it to its own scripts).
 */
import "server-only";

export type ContentSecurityPolicyOptions = {
  /** Fresh per request; base64. */
  nonce: string;
  /** `next dev` needs `'unsafe-eval'` (React rebuilds server error stacks with eval); production never gets it. */
  development: boolean;
  /** Only when the page itself is served over https: on plain http (tests, local) it would break every subresource. */
  upgradeInsecureRequests: boolean;
  /** Extra origins a form may submit to (or be redirected to after submitting), e.g. an identity provider. */
  formActionOrigins?: readonly string[];
};

const NONCE_PATTERN = /^[A-Za-z0-9+/_-]{16,}={0,2}$/;

/** 128 random bits, base64: unguessable, and valid inside `'nonce-…'`. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export function buildContentSecurityPolicy(options: ContentSecurityPolicyOptions): string {
  if (!NONCE_PATTERN.test(options.nonce)) throw new Error("CSP nonce must be base64 of at least 12 bytes.");
  const formAction = ["'self'", ...(options.formActionOrigins ?? []).map((origin) => new URL(origin).origin)];
  const directives: [string, ...string[]][] = [
    ["default-src", "'self'"],
    // 'strict-dynamic' lets the nonce-carrying Next.js bootstrap load its chunks; hosts and
    // 'self' are then ignored by modern browsers and only kept as a fallback for old ones.
    [
      "script-src",
      "'self'",
      `'nonce-${options.nonce}'`,
      "'strict-dynamic'",
      ...(options.development ? ["'unsafe-eval'"] : []),
    ],
    // Styles keep 'unsafe-inline': React `style` attributes (progress bars, virtualised list
    // offsets) cannot carry a nonce, and a nonce here would make browsers ignore
    // 'unsafe-inline'. Injected CSS cannot run code, and scripts stay nonce-only.
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:"],
    // Recordings stream from this origin (/api/items/{id}/recording), never from Allo's storage.
    ["media-src", "'self'"],
    ["connect-src", "'self'"],
    ["font-src", "'self'"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", ...new Set(formAction)],
    ["frame-ancestors", "'none'"],
    ["frame-src", "'none'"],
    ["worker-src", "'self'"],
    ["manifest-src", "'self'"],
  ];
  if (options.upgradeInsecureRequests) directives.push(["upgrade-insecure-requests"]);
  return directives.map((directive) => directive.join(" ")).join("; ");
}

/** Browser features the dashboard never uses: denied so an injected script could not use them either. */
const DENIED_FEATURES = [
  "camera",
  "microphone",
  "geolocation",
  "payment",
  "usb",
  "serial",
  "hid",
  "midi",
  "magnetometer",
  "gyroscope",
  "accelerometer",
  "display-capture",
  "screen-wake-lock",
  "browsing-topics",
];

export const PERMISSIONS_POLICY = [
  ...DENIED_FEATURES.map((feature) => `${feature}=()`),
  // The player may go full screen or picture-in-picture only for this origin.
  "fullscreen=(self)",
  "picture-in-picture=(self)",
].join(", ");

/** All response headers, CSP included. Names are lower-case, as `Headers` stores them. */
export function securityHeaders(contentSecurityPolicy: string): Record<string, string> {
  return {
    "content-security-policy": contentSecurityPolicy,
    // Item URLs name calls; other sites must not learn them from the Referer header.
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "permissions-policy": PERMISSIONS_POLICY,
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
  };
}
