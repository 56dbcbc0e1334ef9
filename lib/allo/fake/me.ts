/**
 * The fake's `GET /v2/api/me`: who the key is and what it may do. Allo recommends it as the
 * first call for capability discovery; Callview reads `data.scopes` to decide whether tags may
 * be edited. The scopes are an option of the fake, so tests can run a key without TAGS_WRITE.
 */

/** What the fake's key may do unless told otherwise: read conversations, read and write tags. */
export const DEFAULT_FAKE_SCOPES: readonly string[] = ["CONVERSATIONS_READ", "TAGS_READ", "TAGS_WRITE"];

export function meBody(scopes: readonly string[], limits: { read: number; write: number }) {
  return {
    data: {
      api_key_id: "api-fake000demo",
      scopes: [...scopes],
      endpoints: [
        { method: "GET", path: "/v2/api/conversations/items/{id}", scope: "CONVERSATIONS_READ" },
        { method: "POST", path: "/v2/api/conversations/items/search", scope: "CONVERSATIONS_READ" },
        { method: "GET", path: "/v2/api/tags", scope: "TAGS_READ" },
        { method: "POST", path: "/v2/api/conversations/items/{id}/tags", scope: "TAGS_WRITE" },
        { method: "DELETE", path: "/v2/api/conversations/items/{id}/tags/{tag}", scope: "TAGS_WRITE" },
      ],
      team: { id: "team-fake01", name: "Callview demo team" },
      rate_limits: { read_per_second: limits.read, write_per_second: limits.write },
    },
  };
}

/** `FAKE_ALLO_SCOPES=CONVERSATIONS_READ,TAGS_READ` → that list; unset or empty → the default. */
export function scopesFromEnv(value: string | undefined): readonly string[] {
  const scopes = (value ?? "")
    .split(",")
    .map((scope) => scope.trim().toUpperCase())
    .filter(Boolean);
  return scopes.length > 0 ? scopes : DEFAULT_FAKE_SCOPES;
}
