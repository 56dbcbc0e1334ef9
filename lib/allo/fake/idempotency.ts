/**
 * The fake's `Idempotency-Key` store: a successful write retried with the same key gets the
 * stored response back and is not run again (docs/allo-api.md, "Idempotency"). Allo documents
 * neither how long keys are kept nor what a key reused for a different request does; the fake
 * keeps the newest `max` keys and replays whatever was stored under a key. Callview never
 * reuses a key for another request (its keys are derived from the intent).
 */

export type StoredResponse = { status: number; headers: Record<string, string>; body: string };

/** Marks a replayed answer, so tests can tell a replay from a fresh run. */
export const REPLAY_HEADER = "idempotent-replayed";

export function createIdempotencyStore(max = 10_000) {
  const stored = new Map<string, StoredResponse>();
  return {
    replay(key: string): Response | null {
      const hit = stored.get(key);
      if (!hit) return null;
      return new Response(hit.body, {
        status: hit.status,
        headers: { ...hit.headers, [REPLAY_HEADER]: "true" },
      });
    },
    /** Keeps a successful answer under `key`; other answers are not stored (a retry runs again). */
    async remember(key: string, response: Response): Promise<Response> {
      if (!response.ok) return response;
      const body = await response.text();
      stored.set(key, { status: response.status, headers: Object.fromEntries(response.headers), body });
      while (stored.size > max) {
        const oldest = stored.keys().next().value;
        if (oldest === undefined) break;
        stored.delete(oldest);
      }
      return new Response(body, { status: response.status, headers: response.headers });
    },
    clear() {
      stored.clear();
    },
    get size() {
      return stored.size;
    },
  };
}
