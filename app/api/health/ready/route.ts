/**
 * GET /api/health/ready — readiness: 200 when configured and not draining (`degraded` while
 * Redis is down: the instance still serves), 503 with problems otherwise.
 */
import { readiness } from "@/lib/server/readiness.server";

export const dynamic = "force-dynamic";

export async function GET() {
  const state = await readiness();
  const status = state.ready ? (state.degraded.length > 0 ? "degraded" : "ready") : "not_ready";
  // Without CALLVIEW_REDIS_URL the body is exactly what it always was.
  const redis = state.redis === "off" ? {} : { redis: state.redis, degraded: state.degraded };
  return Response.json(
    { status, mode: state.mode, problems: state.problems, ...redis },
    { status: state.ready ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
}
