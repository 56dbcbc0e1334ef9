/**
 * What the dashboard's Allo key may do, learned from `GET /v2/api/me` (`data.scopes`) and kept
 * ten minutes: a key's scopes change rarely, and asking on every page would spend reads. Today
 * it decides one thing, whether tags can be edited (TAGS_WRITE).
 *
 * Unknown means no: when Allo cannot say (an outage, an unreadable answer), the controls stay
 * hidden, and the failure is remembered for 30 s so a broken /me is not asked on every page.
 * A tag write that Allo refuses for the key's scopes forgets the answer at once.
 */
import "server-only";
import type { AlloCallResult } from "@/lib/allo/client.server";
import { getKeyScopes } from "@/lib/allo/me.server";
import { CallviewError } from "@/lib/api/errors";
import { createKeyedCache, type KeyedCache } from "./keyed-cache.server";
import { logger } from "./logger.server";
import { runtimeState } from "./runtime-state.server";

export const CAPABILITIES_TTL_MS = 10 * 60_000;
const UNKNOWN_TTL_MS = 30_000;
const KEY = "me";

/** What the browser is told (GET /api/capabilities). */
export type Capabilities = { canEditTags: boolean };

type ScopesResult = AlloCallResult<string[]>;

function scopesCache(): KeyedCache<ScopesResult> {
  return runtimeState("capabilities", (runtime) =>
    createKeyedCache<ScopesResult>((_key, context) => getKeyScopes(runtime.client, context), {
      ttlFor: (result) => (result.ok ? CAPABILITIES_TTL_MS : UNKNOWN_TTL_MS),
      bytesOf: (result) => (result.ok ? result.bodyBytes : 0),
      cancelled: () => ({
        ok: false,
        attempts: 0,
        upstream: null,
        error: new CallviewError({ code: "UPSTREAM_UNAVAILABLE", retryable: true, message: "Cancelled." }),
      }),
      maxBytes: 64 * 1024,
    }),
  );
}

export async function keyCapabilities(context: { requestId?: string } = {}): Promise<Capabilities> {
  const { result, outcome } = await scopesCache().get(KEY, context);
  if (!result.ok) {
    if (outcome === "miss") {
      logger().warn(
        {
          requestId: context.requestId,
          errorCode: result.error.code,
          upstreamStatus: result.error.upstreamStatus,
        },
        "allo me: the key's scopes are unknown, so tag editing stays off",
      );
    }
    return { canEditTags: false };
  }
  return { canEditTags: result.value.includes("TAGS_WRITE") };
}

/** Allo refused a write for the key's scopes: ask again next time instead of trusting the cache. */
export async function forgetCapabilities(): Promise<void> {
  await scopesCache().invalidate(KEY);
}
