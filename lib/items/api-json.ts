/**
 * The browser's JSON requests to this dashboard's own API, for the modules that have no
 * special needs (history, tags, capabilities): the body, or the typed error rebuilt from the
 * envelope (`errorFromWire`), so every caller's retry policy reads the same `CallviewError`.
 * Network failures stay `TypeError`s, which the retry policy treats as transient.
 */
import { CallviewError, errorFromWire } from "@/lib/api/errors";

export async function requestJson(path: string, init: RequestInit = {}): Promise<unknown> {
  const response = await fetch(path, {
    ...init,
    headers: { accept: "application/json", ...init.headers },
  });
  const requestId = response.headers.get("x-request-id");
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) throw errorFromWire(body, response.status, requestId);
  return body;
}

/** The dashboard answered 200 with something this page cannot read. */
export function unreadableAnswer(what: string): CallviewError {
  return new CallviewError({
    code: "UPSTREAM_INVALID_RESPONSE",
    message: `The dashboard answered with ${what} it could not read.`,
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
