/**
 * Standard Webhooks signatures, both ways: verifying Allo's webhooks and signing what Callview
 * sends to a generic receiver.
 *
 * Allo signs `{webhook-id}.{webhook-timestamp}.{raw body}` with HMAC-SHA256 under the base64 key
 * after `whsec_`, sends `v1,<base64>` entries (space-separated) in `webhook-signature`, and the
 * receiver must refuse timestamps more than 5 minutes off (replay protection).
 *
 * The `standardwebhooks` library computes the HMAC. Its `verify()` reads the wall clock, so the
 * window is checked here against an injectable `nowMs` (deterministic tests), and the signature
 * comparison is done here too, in constant time, over the library's own `sign()` output.
 */
import "server-only";
import { timingSafeEqual } from "node:crypto";
import { Webhook } from "standardwebhooks";

/** The tolerance Standard Webhooks prescribes and Allo documents. */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export type WebhookVerification =
  | { ok: true; payload: unknown; webhookId: string; timestampSeconds: number }
  | {
      ok: false;
      /**
       * `missing-headers`: a `webhook-*` header is absent or unreadable; `stale-timestamp`: outside
       * the 5-minute window; `bad-signature`: no listed signature matches any secret; `not-json`:
       * correctly signed, but the body is not JSON (the sender's bug, not an attack: answer 400).
       */
      reason: "missing-headers" | "stale-timestamp" | "bad-signature" | "not-json";
    };

export type SignedHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
};

function header(headers: WebhookHeaders, name: string): string | null {
  if (headers instanceof Headers) return headers.get(name);
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name) continue;
    return Array.isArray(value) ? value.join(" ") : (value ?? null);
  }
  return null;
}

/** A Webhook per secret; a secret the library cannot read simply never matches. */
function signers(secrets: readonly string[]): Webhook[] {
  return secrets.flatMap((secret) => {
    try {
      return [new Webhook(secret)];
    } catch {
      return [];
    }
  });
}

function sameSignature(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function verifyAlloWebhook(input: {
  rawBody: string;
  headers: WebhookHeaders;
  /** Every currently accepted secret (rotation: old and new). */
  secrets: readonly string[];
  nowMs?: number;
}): WebhookVerification {
  const webhookId = header(input.headers, "webhook-id")?.trim() ?? "";
  const timestampText = header(input.headers, "webhook-timestamp")?.trim() ?? "";
  const signatureList = header(input.headers, "webhook-signature")?.trim() ?? "";
  if (!webhookId || !/^\d{1,12}$/.test(timestampText) || !signatureList) {
    return { ok: false, reason: "missing-headers" };
  }
  const timestampSeconds = Number(timestampText);
  const nowSeconds = Math.floor((input.nowMs ?? Date.now()) / 1000);
  if (Math.abs(nowSeconds - timestampSeconds) > WEBHOOK_TOLERANCE_SECONDS) {
    return { ok: false, reason: "stale-timestamp" };
  }

  const offered = signatureList
    .split(" ")
    .filter((entry) => entry.startsWith("v1,"))
    .map((entry) => entry.slice("v1,".length));
  const signedAt = new Date(timestampSeconds * 1000);
  const matches = signers(input.secrets).some((signer) => {
    const expected = signer.sign(webhookId, signedAt, input.rawBody).slice("v1,".length);
    return offered.some((candidate) => sameSignature(candidate, expected));
  });
  if (!matches) return { ok: false, reason: "bad-signature" };

  try {
    return { ok: true, payload: JSON.parse(input.rawBody) as unknown, webhookId, timestampSeconds };
  } catch {
    return { ok: false, reason: "not-json" };
  }
}

/** The three Standard Webhooks headers for `body`, as a receiver verifies them. */
export function signWebhook(input: {
  id: string;
  timestampSeconds: number;
  body: string;
  secret: string;
}): SignedHeaders {
  const signature = new Webhook(input.secret).sign(
    input.id,
    new Date(input.timestampSeconds * 1000),
    input.body,
  );
  return {
    "webhook-id": input.id,
    "webhook-timestamp": String(Math.floor(input.timestampSeconds)),
    "webhook-signature": signature,
  };
}
